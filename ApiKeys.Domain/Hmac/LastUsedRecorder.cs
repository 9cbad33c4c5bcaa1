using System.Collections.Concurrent;
using System.Threading.Channels;
using ApiKeys.Domain.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ApiKeys.Domain.Hmac;

/// <summary>
/// Records when each key was last used, off the request path: a request only notes the time in memory, at most
/// once per <see cref="HmacOptions.LastUsedResolution"/> per key, and a background loop writes it. The write only
/// ever moves the time forward, so several instances never conflict.
/// </summary>
public sealed partial class LastUsedRecorder(
    IDbContextFactory<ApiKeysDbContext> databases,
    TimeProvider time,
    IOptions<HmacOptions> options,
    ILogger<LastUsedRecorder> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<Guid, long> _noted = new();
    private readonly Channel<(Guid KeyId, DateTimeOffset UsedAt)> _pending =
        Channel.CreateBounded<(Guid, DateTimeOffset)>(new BoundedChannelOptions(10_000) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    /// <summary>Notes a use of the key at <paramref name="now"/>; cheap, never waits.</summary>
    public void Record(Guid keyId, DateTimeOffset now)
    {
        var resolution = options.Value.LastUsedResolution.Ticks;
        while (true)
        {
            if (_noted.TryGetValue(keyId, out var last))
            {
                if (now.UtcTicks - last < resolution || !_noted.TryUpdate(keyId, now.UtcTicks, last))
                {
                    return;
                }
            }
            else if (!_noted.TryAdd(keyId, now.UtcTicks))
            {
                continue;
            }

            _pending.Writer.TryWrite((keyId, now));
            return;
        }
    }

    /// <summary>Writes everything noted so far (the background loop does this by itself).</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (!_pending.Reader.TryPeek(out _))
        {
            return;
        }

        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        while (_pending.Reader.TryRead(out var use))
        {
            await db.AuthenticationKeys
                .Where(k => k.Id == use.KeyId && (k.LastUsedAt == null || k.LastUsedAt < use.UsedAt))
                .ExecuteUpdateAsync(k => k.SetProperty(x => x.LastUsedAt, use.UsedAt), cancellationToken);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (await _pending.Reader.WaitToReadAsync(stoppingToken))
        {
            try
            {
                await FlushAsync(stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                LogWriteFailed(logger, exception);
                await Task.Delay(TimeSpan.FromSeconds(5), time, stoppingToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record when keys were last used; will try again.")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception);
}
