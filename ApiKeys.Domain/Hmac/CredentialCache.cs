using System.Collections.Concurrent;
using ApiKeys.Domain.Accounts;
using ApiKeys.Domain.Keys;
using ApiKeys.Domain.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ApiKeys.Domain.Hmac;

/// <summary>
/// Keys and their accounts' standing, in memory, so verifying a signed request does not touch the database.
/// Changes made in this process clear it at once; changes made by other instances are noticed through the
/// <see cref="CredentialVersion"/> row, which <see cref="CredentialCacheRefresher"/> reads twice per revocation bound.
/// When that confirmation is older than the bound the cache is not trusted and each lookup reads the database.
/// </summary>
public sealed class CredentialCache(
    IDbContextFactory<ApiKeysDbContext> databases,
    KeySecrets secrets,
    TimeProvider time,
    IOptions<HmacOptions> options)
{
    private Generation _current = new(Version: -1);
    private long _confirmedAtTicks = long.MinValue;

    private HmacOptions Options => options.Value;

    /// <summary>The key with this token as of <paramref name="now"/>, or null when there is none.</summary>
    public async ValueTask<KeyCredential?> FindAsync(string token, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var generation = Volatile.Read(ref _current);
        var trusted = now.UtcTicks - Interlocked.Read(ref _confirmedAtTicks) <= Options.RevocationBound.Ticks;
        if (trusted && generation.Entries.TryGetValue(token, out var cached))
        {
            return cached;
        }

        var loaded = await LoadAsync(token, cancellationToken);
        if (trusted)
        {
            if (generation.Entries.Count >= Options.CacheCapacity)
            {
                Interlocked.CompareExchange(ref _current, new Generation(generation.Version), generation);
            }
            else
            {
                generation.Entries.TryAdd(token, loaded);
            }
        }

        return loaded;
    }

    /// <summary>Forgets everything; the next lookups read the database.</summary>
    public void Invalidate()
    {
        var generation = Volatile.Read(ref _current);
        Interlocked.CompareExchange(ref _current, new Generation(generation.Version), generation);
    }

    /// <summary>Reads the credential version; a new one clears the cache. Confirms the cache until one bound from now.</summary>
    public async Task ConfirmAsync(CancellationToken cancellationToken)
    {
        var startedAt = time.GetUtcNow();
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var version = await db.CredentialVersions.AsNoTracking()
            .Where(v => v.Id == CredentialVersion.SingletonId)
            .Select(v => v.Value)
            .FirstAsync(cancellationToken);

        var generation = Volatile.Read(ref _current);
        if (generation.Version != version)
        {
            Interlocked.Exchange(ref _current, new Generation(version));
        }

        Interlocked.Exchange(ref _confirmedAtTicks, startedAt.UtcTicks);
    }

    private async Task<KeyCredential?> LoadAsync(string token, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var key = await db.AuthenticationKeys.AsNoTracking()
            .Where(k => k.Token == token)
            .Select(k => new
            {
                k.Id, k.AccountId, k.ProtectedSecret, k.ExpiresAt, k.Account!.UserName, k.Account.DisplayName,
                Eligible = db.EligibleAccounts().Any(a => a.Id == k.AccountId),
                Roles = db.UserRoles.Where(m => m.UserId == k.AccountId)
                    .Join(db.Roles, m => m.RoleId, r => r.Id, (_, r) => r.Name)
                    .ToList(),
            })
            .FirstOrDefaultAsync(cancellationToken);

        return key is null
            ? null
            : new KeyCredential
            {
                KeyId = key.Id,
                Token = token,
                AccountId = key.AccountId,
                Login = key.UserName ?? "",
                DisplayName = key.DisplayName,
                ExpiresAt = key.ExpiresAt,
                AccountEligible = key.Eligible,
                Roles = [.. key.Roles.OfType<string>().Order()],
                Secret = Convert.FromBase64String(secrets.Unprotect(key.ProtectedSecret)),
            };
    }

    private sealed record Generation(long Version)
    {
        public ConcurrentDictionary<string, KeyCredential?> Entries { get; } = new(StringComparer.Ordinal);
    }
}
