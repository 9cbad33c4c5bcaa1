using System.Collections.Concurrent;
using System.Threading.Channels;
using ApiKeys.Domain.Hmac;
using ApiKeys.Domain.Keys;
using ApiKeys.Domain.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ApiKeys.Domain.Usage;

/// <summary>
/// Counts each key's accepted and refused calls per hour and notes when, from where and with which client it was
/// last used, off the request path: a call only adds to counters in memory, and a background loop writes them every
/// <see cref="HmacOptions.UsageFlushInterval"/> in one batch per provider (<see cref="KeyUsageStatement"/>). Counts
/// are added to what the table holds and "last used" only moves forward, so several instances never conflict. Hours
/// older than <see cref="AuthenticationKeyOptions.UsageRetention"/> are forgotten once an hour.
/// </summary>
public sealed partial class KeyUsageRecorder(
    IDbContextFactory<ApiKeysDbContext> databases,
    TimeProvider time,
    IOptions<HmacOptions> hmac,
    IOptions<AuthenticationKeyOptions> keys,
    ILogger<KeyUsageRecorder> logger) : BackgroundService
{
    private readonly record struct LastUse(Guid KeyId, DateTimeOffset At, string? ClientAddress, string? UserAgent);

    private readonly HourlyCounts<Guid> _counts = new();
    private readonly ConcurrentDictionary<Guid, long> _noted = new();
    private readonly Channel<LastUse> _lastUses =
        Channel.CreateBounded<LastUse>(new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private readonly HourlyCounts<string> _routes = new();
    private readonly SemaphoreSlim _flushing = new(1, 1);
    private DateTimeOffset _nextPrune = DateTimeOffset.MinValue;

    /// <summary>Counts an accepted call and notes it as the key's last use (at most once per <see cref="HmacOptions.LastUsedResolution"/>); never waits.</summary>
    public void Accepted(Guid keyId, DateTimeOffset now, HmacRequest request)
    {
        // Noted before it is counted, and written after the counts: once a flush has written a count, the same flush
        // writes the last use that came with it.
        if (ShouldNote(keyId, now))
        {
            // Read only when noted (once a minute per key), not on every call.
            var address = Limits.AddressRanges.Unmapped(request.ClientAddress);
            var agent = request.Headers.UserAgent is { Count: > 0 } header ? header.ToString() : null;
            agent = agent is { Length: > AuthenticationKey.MaxUserAgentLength } ? agent[..AuthenticationKey.MaxUserAgentLength] : agent;
            _lastUses.Writer.TryWrite(new LastUse(keyId, now, address?.ToString(), agent));
        }

        var hour = KeyUsageHours.Of(now);
        _counts.Add(keyId, hour, accepted: true);
        if (request.Route is { } route)
        {
            _routes.Add(route, hour, accepted: true);
        }
    }

    /// <summary>
    /// Counts a call refused after its key was found (a bad signature, a replay, a disabled or expired key, a scope the
    /// key lacks), for the key and for the gateway route it was for; never waits.
    /// </summary>
    public void Refused(Guid keyId, DateTimeOffset now, string? route = null, HmacFailure? failure = null)
    {
        var hour = KeyUsageHours.Of(now);
        _counts.Add(keyId, hour, accepted: false, failure is { } f ? RefusalCounts.IndexOf(f) : -1);
        if (route is not null)
        {
            _routes.Add(route, hour, accepted: false);
        }
    }

    /// <summary>Writes everything counted and noted so far (the background loop does this by itself).</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        await _flushing.WaitAsync(cancellationToken);
        try
        {
            await WriteCountsAsync(cancellationToken);
            await WriteRouteCountsAsync(cancellationToken);
            await WriteLastUsesAsync(cancellationToken);
        }
        finally
        {
            _flushing.Release();
        }
    }

    /// <summary>Forgets the hours older than the retention.</summary>
    public async Task<int> PruneAsync(CancellationToken cancellationToken)
    {
        var oldest = KeyUsageHours.Of(time.GetUtcNow() - keys.Value.UsageRetention);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        await db.RouteUsage.Where(u => u.Hour < oldest).ExecuteDeleteAsync(cancellationToken);
        return await db.KeyUsage.Where(u => u.Hour < oldest).ExecuteDeleteAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(hmac.Value.UsageFlushInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await FlushAsync(stoppingToken);
                if (time.GetUtcNow() >= _nextPrune)
                {
                    await PruneAsync(stoppingToken);
                    _nextPrune = time.GetUtcNow().AddHours(1);
                }
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                LogWriteFailed(logger, exception);
            }
        }
    }

    /// <summary>Writes what was counted before the app stops, so a deployment loses no counts.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(TimeSpan.FromSeconds(5));
            await FlushAsync(limit.Token);
        }
        catch (Exception exception)
        {
            LogWriteFailed(logger, exception);
        }
    }

    private bool ShouldNote(Guid keyId, DateTimeOffset now)
    {
        var resolution = hmac.Value.LastUsedResolution.Ticks;
        while (true)
        {
            if (_noted.TryGetValue(keyId, out var last))
            {
                if (now.UtcTicks - last < resolution)
                {
                    return false;
                }

                if (_noted.TryUpdate(keyId, now.UtcTicks, last))
                {
                    return true;
                }
            }
            else if (_noted.TryAdd(keyId, now.UtcTicks))
            {
                return true;
            }
        }
    }

    private async Task WriteLastUsesAsync(CancellationToken cancellationToken)
    {
        if (!_lastUses.Reader.TryPeek(out _))
        {
            return;
        }

        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        while (_lastUses.Reader.TryPeek(out var use))
        {
            await db.AuthenticationKeys
                .Where(k => k.Id == use.KeyId && (k.LastUsedAt == null || k.LastUsedAt < use.At))
                .ExecuteUpdateAsync(k => k
                    .SetProperty(x => x.LastUsedAt, use.At)
                    .SetProperty(x => x.LastClientAddress, use.ClientAddress)
                    .SetProperty(x => x.LastUserAgent, use.UserAgent), cancellationToken);
            _lastUses.Reader.TryRead(out _); // taken only once written: a failed write is tried again
        }
    }

    private async Task WriteCountsAsync(CancellationToken cancellationToken)
    {
        var taken = _counts.Take(KeyUsageHours.Of(time.GetUtcNow()));
        if (taken.Count == 0)
        {
            return;
        }

        // One order on every instance, so two batches touching the same rows cannot deadlock.
        var batch = taken.Select(t => new KeyUsageHour
            {
                KeyId = t.Subject, Hour = t.Hour, Accepted = t.Accepted, Refused = t.Refused,
                RefusedSignature = t.Reasons.Signature, RefusedReplay = t.Reasons.Replay, RefusedScope = t.Reasons.Scope,
                RefusedAddress = t.Reasons.Address, RefusedRate = t.Reasons.Rate, RefusedQuota = t.Reasons.Quota,
            })
            .OrderBy(u => u.KeyId).ThenBy(u => u.Hour).ToList();
        try
        {
            await using var db = await databases.CreateDbContextAsync(cancellationToken);
            await KeyUsageStatement.AddAsync(db, batch, cancellationToken);
        }
        catch
        {
            _counts.PutBack(taken); // counted again, written with the next batch
            throw;
        }
    }

    private async Task WriteRouteCountsAsync(CancellationToken cancellationToken)
    {
        var taken = _routes.Take(KeyUsageHours.Of(time.GetUtcNow()));
        if (taken.Count == 0)
        {
            return;
        }

        var batch = taken.Select(t => new RouteUsageHour { Route = t.Subject, Hour = t.Hour, Accepted = t.Accepted, Refused = t.Refused })
            .OrderBy(u => u.Route, StringComparer.Ordinal).ThenBy(u => u.Hour).ToList();
        try
        {
            await using var db = await databases.CreateDbContextAsync(cancellationToken);
            await RouteUsageStatement.AddAsync(db, batch, cancellationToken);
        }
        catch
        {
            _routes.PutBack(taken);
            throw;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record the keys' usage; will try again.")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception);
}
