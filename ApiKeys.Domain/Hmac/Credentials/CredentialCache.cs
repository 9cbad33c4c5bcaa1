using System.Collections.Concurrent;
using ApiKeys.Domain.Accounts;
using ApiKeys.Domain.Keys;
using ApiKeys.Domain.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace ApiKeys.Domain.Hmac;

/// <summary>
/// Keys and their accounts' standing, in memory, so verifying a signed request does not touch the database.
/// <list type="bullet">
/// <item>Known keys are kept up to <see cref="HmacOptions.CacheCapacity"/>; beyond it the least recently used go.</item>
/// <item>Tokens that match no key are kept apart, in a smaller bounded set, so a flood of made-up keyids cannot push
/// out real keys; a keyid whose fingerprint is in no key's (<see cref="KnownTokens"/>) is refused without a read, but
/// for a few reads a second that catch a key too new to be known here.</item>
/// <item>Concurrent misses for one token share one database read.</item>
/// <item>Changes are applied as they are committed here or pushed from elsewhere (<see cref="CredentialChangeFeed"/>),
/// and the change log is read twice per revocation bound (<see cref="ConfirmAsync"/>) as the safety net. When that
/// confirmation is older than the bound the cache is not trusted and each lookup reads the database.</item>
/// </list>
/// </summary>
public sealed class CredentialCache(
    IDbContextFactory<ApiKeysDbContext> databases,
    KeySecrets secrets,
    TimeProvider time,
    IOptions<HmacOptions> options)
{
    private const int MaxChangesPerConfirmation = 10_000;

    // A key's row, read on a miss with one indexed lookup; its account's standing is cached apart, as accounts have many keys.
    private readonly KeyRowReader _keyRows = new(new CallPathConnections(databases));

    private readonly ClockCache<string, KeyCredential> _keys = new(options.Value.CacheCapacity, StringComparer.Ordinal);
    private readonly ClockCache<string, AccountStanding> _accounts = new(options.Value.CacheCapacity, StringComparer.Ordinal);
    private readonly ClockCache<string, bool> _missing = new(Math.Max(1_000, options.Value.CacheCapacity / 10), StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task<KeyCredential?>> _loading = new(StringComparer.Ordinal);
    private KnownTokens? _known;
    private KnownTokens? _loadingKnown;
    private long _epoch; // raised by every change applied: a read begun before it is not cached
    private long _version = -1;
    private long _confirmedAtTicks; // never: not trusted until first confirmed
    private long _unknownReadSecond;
    private int _unknownReads;
    private long _databaseReads;

    private HmacOptions Options => options.Value;

    /// <summary>How many keys are cached now.</summary>
    public int Count => _keys.Count;

    /// <summary>How many times a token was looked up in the database, for tests and diagnostics.</summary>
    public long DatabaseReads => Interlocked.Read(ref _databaseReads);

    /// <summary>Whether the fingerprints of all tokens are loaded, so unknown keyids can be refused without a read.</summary>
    public bool KnowsAllTokens => Volatile.Read(ref _known) is not null;

    /// <summary>True until the token fingerprints are loaded, and again when changes were missed: see <see cref="LoadKnownTokensAsync"/>.</summary>
    public bool NeedsKnownTokens => Volatile.Read(ref _known) is null && Volatile.Read(ref _loadingKnown) is null;

    /// <summary>The key with this token as of <paramref name="now"/>, or null when there is none.</summary>
    public async ValueTask<KeyCredential?> FindAsync(string token, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var trusted = now.UtcTicks - Interlocked.Read(ref _confirmedAtTicks) <= Options.RevocationBound.Ticks;
        if (!trusted)
        {
            return await LoadAsync(token, cancellationToken);
        }

        if (_keys.TryGet(token, out var cached))
        {
            return cached;
        }

        if (_missing.TryGet(token, out _) || (Volatile.Read(ref _known) is { } known && !known.Contains(token) && !MayReadUnknown(now)))
        {
            return null;
        }

        var mine = new TaskCompletionSource<KeyCredential?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var load = _loading.GetOrAdd(token, mine.Task);
        if (load == mine.Task)
        {
            _ = LoadIntoCacheAsync(token, mine);
        }

        return await load.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Whether <see cref="FindAsync"/> would answer "no such key" for this token without reading the database: the cache
    /// is trusted, the token is no cached key's, and it is a known miss or matches no key's fingerprint while this
    /// second's reads for unknown keyids are spent. Spends nothing and reads nothing itself.
    /// </summary>
    public bool RefusesUnread(string token, DateTimeOffset now) =>
        now.UtcTicks - Interlocked.Read(ref _confirmedAtTicks) <= Options.RevocationBound.Ticks
        && !_keys.TryGet(token, out _)
        && (_missing.TryGet(token, out _) || (Volatile.Read(ref _known) is { } known && !known.Contains(token) && UnknownReadsSpent(now)));

    /// <summary>Forgets what the changes made stale; the next lookups of it read the database.</summary>
    public void Apply(IReadOnlyList<CredentialChange> changes)
    {
        Interlocked.Increment(ref _epoch);
        foreach (var change in changes)
        {
            switch (change.Scope)
            {
                case CredentialScope.Key:
                    _keys.Remove(change.Subject);
                    _missing.Remove(change.Subject);
                    Volatile.Read(ref _known)?.Add(change.Subject);
                    Volatile.Read(ref _loadingKnown)?.Add(change.Subject);
                    break;
                case CredentialScope.Account:
                    _accounts.Remove(change.Subject);
                    _keys.RemoveWhere(key => key.AccountId == change.Subject);
                    break;
                default:
                    _keys.Clear();
                    _accounts.Clear();
                    _missing.Clear();
                    break;
            }
        }
    }

    /// <summary>
    /// Reads the credential version and the changes logged since the last one seen, and applies them; when some were
    /// pruned from the log before being read, forgets everything. Confirms the cache until one bound from now.
    /// </summary>
    public async Task ConfirmAsync(CancellationToken cancellationToken)
    {
        var startedAt = time.GetUtcNow();
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var version = await db.CredentialVersions.AsNoTracking()
            .Where(v => v.Id == CredentialVersion.SingletonId)
            .Select(v => v.Value)
            .FirstAsync(cancellationToken);

        var last = Interlocked.Read(ref _version);
        if (version != last)
        {
            var logged = last < 0 || version < last ? null : await db.CredentialChanges.AsNoTracking()
                .Where(c => c.Version > last && c.Version <= version)
                .OrderBy(c => c.Version)
                .Take(MaxChangesPerConfirmation + 1)
                .Select(c => new { c.Version, c.Scope, c.Subject })
                .ToListAsync(cancellationToken);
            if (logged is not null && logged.Count <= MaxChangesPerConfirmation && logged.Select(c => c.Version).Distinct().Count() == version - last)
            {
                Apply([.. logged.Select(c => new CredentialChange(CredentialChange.ParseScope(c.Scope) ?? CredentialScope.Everything, c.Subject))]);
            }
            else
            {
                Apply([CredentialChange.Everything]);
                if (last >= 0)
                {
                    Volatile.Write(ref _known, null); // keys made meanwhile may be missing from it: read unknown keyids until reloaded
                }
            }

            Interlocked.Exchange(ref _version, version);
        }

        Interlocked.Exchange(ref _confirmedAtTicks, startedAt.UtcTicks);
    }

    /// <summary>Loads the fingerprint of every key's token; until it is done, unknown keyids are looked up in the database.</summary>
    public async Task LoadKnownTokensAsync(CancellationToken cancellationToken)
    {
        var fresh = new KnownTokens();
        Volatile.Write(ref _loadingKnown, fresh);
        try
        {
            await using var db = await databases.CreateDbContextAsync(cancellationToken);
            await foreach (var token in db.AuthenticationKeys.AsNoTracking().Select(k => k.Token).AsAsyncEnumerable().WithCancellation(cancellationToken))
            {
                fresh.Add(token);
            }

            Volatile.Write(ref _known, fresh);
        }
        finally
        {
            Volatile.Write(ref _loadingKnown, null);
        }
    }

    /// <summary>A few database reads a second for keyids no known token has: enough for a key made a moment ago elsewhere, too few for a flood to matter.</summary>
    private bool MayReadUnknown(DateTimeOffset now)
    {
        var second = now.UtcTicks / TimeSpan.TicksPerSecond;
        if (Interlocked.Read(ref _unknownReadSecond) != second)
        {
            Interlocked.Exchange(ref _unknownReadSecond, second);
            Interlocked.Exchange(ref _unknownReads, 0);
        }

        return Interlocked.Increment(ref _unknownReads) <= Options.UnknownKeyReadsPerSecond;
    }

    private bool UnknownReadsSpent(DateTimeOffset now) =>
        Options.UnknownKeyReadsPerSecond == 0 || Interlocked.Read(ref _unknownReadSecond) == now.UtcTicks / TimeSpan.TicksPerSecond && Volatile.Read(ref _unknownReads) >= Options.UnknownKeyReadsPerSecond;

    private async Task LoadIntoCacheAsync(string token, TaskCompletionSource<KeyCredential?> completion)
    {
        try
        {
            var epoch = Interlocked.Read(ref _epoch);
            var loaded = await LoadAsync(token, cache: true, CancellationToken.None); // shared by every waiter: none of them may cancel it
            if (Interlocked.Read(ref _epoch) == epoch)
            {
                if (loaded is null)
                {
                    _missing.Set(token, true);
                }
                else
                {
                    _keys.Set(token, loaded);
                }
            }

            completion.SetResult(loaded);
        }
        catch (Exception exception)
        {
            completion.SetException(exception);
        }
        finally
        {
            _loading.TryRemove(new KeyValuePair<string, Task<KeyCredential?>>(token, completion.Task));
        }
    }

    private async Task<KeyCredential?> LoadAsync(string token, CancellationToken cancellationToken) =>
        await LoadAsync(token, cache: false, cancellationToken);

    private async Task<KeyCredential?> LoadAsync(string token, bool cache, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _databaseReads);
        var epoch = Interlocked.Read(ref _epoch);
        if (await _keyRows.ReadAsync(token, cancellationToken) is not { } key)
        {
            return null;
        }

        if (!cache || !_accounts.TryGet(key.AccountId, out var account))
        {
            await using var db = await databases.CreateDbContextAsync(cancellationToken);
            if (await ReadAccountAsync(db, key.AccountId, cancellationToken) is not { } read)
            {
                return null; // deleted with its account a moment ago
            }

            account = read;
            if (cache && Interlocked.Read(ref _epoch) == epoch)
            {
                _accounts.Set(key.AccountId, account);
            }
        }

        var limits = Limits.KeyLimits.Of(key.AllowFrom, key.RateLimit, key.QuotaCalls, key.QuotaRefill);
        return new KeyCredential
        {
            KeyId = key.Id,
            Token = token,
            Name = key.Name,
            Scopes = Keys.KeyScopes.Parse(key.Scopes),
            AllowFrom = Limits.AddressRanges.Networks(key.AllowFrom),
            Rate = limits.Rate,
            Quota = limits.Quota,
            AccountId = key.AccountId,
            Login = account.Login,
            DisplayName = account.DisplayName,
            ExpiresAt = key.ExpiresAt,
            IsDisabled = key.IsDisabled,
            AccountEligible = account.Eligible,
            Roles = account.Roles,
            Secret = Convert.FromBase64String(secrets.Unprotect(key.ProtectedSecret)),
        };
    }

    private static async Task<AccountStanding?> ReadAccountAsync(ApiKeysDbContext db, string accountId, CancellationToken cancellationToken)
    {
        var eligible = db.EligibleAccounts();
        var account = await db.Users.AsNoTracking()
            .Where(a => a.Id == accountId)
            .Select(a => new
            {
                a.UserName, a.DisplayName,
                Eligible = eligible.Any(e => e.Id == a.Id),
                Roles = db.UserRoles.Where(m => m.UserId == a.Id).Join(db.Roles, m => m.RoleId, r => r.Id, (_, r) => r.Name).ToList(),
            })
            .FirstOrDefaultAsync(cancellationToken);
        return account is null ? null : new AccountStanding(account.UserName ?? "", account.DisplayName, account.Eligible, [.. account.Roles.OfType<string>().Order()]);
    }

    /// <summary>What verification needs of an account: who it is, whether it may call the API, and its roles.</summary>
    private sealed record AccountStanding(string Login, string DisplayName, bool Eligible, IReadOnlyList<string> Roles);
}
