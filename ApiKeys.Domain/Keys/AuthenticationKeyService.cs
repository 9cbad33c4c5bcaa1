using ApiKeys.Domain.Accounts;
using ApiKeys.Domain.Audit;
using ApiKeys.Domain.Hmac;
using ApiKeys.Domain.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace ApiKeys.Domain.Keys;

/// <summary>Issues, lists, re-dates and deletes authentication keys, one database context per operation.</summary>
public sealed partial class AuthenticationKeyService(
    IDbContextFactory<ApiKeysDbContext> databases,
    KeySecrets secrets,
    AuditTrail audit,
    ICurrentActor actor,
    TimeProvider time,
    IOptions<AuthenticationKeyOptions> options,
    IStringLocalizer<Messages> messages) : IAuthenticationKeyService
{
    private AuthenticationKeyOptions Options => options.Value;

    public async Task<KeyPage> QueryAsync(KeyQuery query, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        var keys = db.AuthenticationKeys.AsNoTracking();

        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            keys = await MatchingAsync(db, keys, query.Search.Trim(), cancellationToken);
        }

        if (query.Status is { } status)
        {
            keys = keys.Having(status, db.EligibleAccounts(), now, Options.ExpiringSoonWindow);
        }

        if (query.Unused)
        {
            var since = now - KeyQuery.UnusedFor;
            keys = keys.Where(k => k.LastUsedAt == null ? k.CreatedAt <= since : k.LastUsedAt <= since);
        }

        if (query.NeedsAttention)
        {
            var soon = now + Options.ExpiringSoonWindow;
            keys = keys.Where(k => !k.IsDisabled && k.ExpiresAt <= soon);
        }

        // Counted up to a limit: past it the list says "more than", which a person reads the same and costs no full scan.
        var counted = await keys.Take(KeyPage.CountLimit + 1).CountAsync(cancellationToken);
        var page = Sorted(keys, query.SortBy, query.Descending).Skip(Math.Max(0, query.Page) * query.PageSize).Take(query.PageSize);
        return new KeyPage(
            await RowsAsync(db, page, now, cancellationToken),
            Math.Min(counted, KeyPage.CountLimit),
            TotalCountIsExact: counted <= KeyPage.CountLimit);
    }

    /// <summary>The keys as the list shows them, with their status now.</summary>
    private async Task<List<AuthenticationKeyRow>> RowsAsync(ApiKeysDbContext db, IQueryable<AuthenticationKey> keys, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var eligible = db.EligibleAccounts();
        var rows = await keys
            .Select(k => new
            {
                k.Id, k.Token, k.AccountId, k.Account!.UserName, k.Account.DisplayName,
                k.CreatedAt, k.CreatedBy, k.ExpiresAt, k.LastUsedAt, k.Version, k.IsDisabled, k.Name, k.Description, k.RolledFromId, k.RolledToId,
                Eligible = eligible.Any(a => a.Id == k.AccountId),
            })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(k => new AuthenticationKeyRow(
            k.Id, k.Token, k.AccountId, k.UserName ?? "", k.DisplayName, k.CreatedAt, k.CreatedBy,
            k.ExpiresAt, k.LastUsedAt, StatusOf(k.ExpiresAt, k.Eligible, k.IsDisabled, now), k.Version, k.Name, k.Description,
            k.RolledFromId, k.RolledToId))];
    }

    /// <summary>
    /// Keys whose name, account's login or display name, or token holds the text. The accounts are found first and
    /// passed by id, so each side of the OR has an index of its own (on PostgreSQL, trigram indexes serve the infix
    /// search); when very many accounts match, they are matched in the same query instead.
    /// </summary>
    private static async Task<IQueryable<AuthenticationKey>> MatchingAsync(
        ApiKeysDbContext db, IQueryable<AuthenticationKey> keys, string text, CancellationToken cancellationToken)
    {
        const int AccountsByIdLimit = 1_000;
        var pattern = $"%{text.Replace(@"\", @"\\").Replace("%", @"\%").Replace("_", @"\_")}%";
        var upper = pattern.ToUpperInvariant();
        var lower = pattern.ToLowerInvariant();
        var accounts = db.Users.Where(a => EF.Functions.Like(a.NormalizedUserName!, upper, @"\") || EF.Functions.Like(a.NormalizedDisplayName, upper, @"\"));
        var ids = await accounts.Select(a => a.Id).Take(AccountsByIdLimit + 1).ToListAsync(cancellationToken);
        return ids.Count <= AccountsByIdLimit
            ? keys.Where(k => ids.Contains(k.AccountId) || EF.Functions.Like(k.Token, lower, @"\") || EF.Functions.Like(k.NormalizedName, upper, @"\"))
            : keys.Where(k => accounts.Any(a => a.Id == k.AccountId) || EF.Functions.Like(k.Token, lower, @"\") || EF.Functions.Like(k.NormalizedName, upper, @"\"));
    }

    public async Task<KeyAttention> AttentionAsync(CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        var soon = now + Options.ExpiringSoonWindow;
        var counts = await db.AuthenticationKeys.AsNoTracking()
            .Where(k => !k.IsDisabled && k.ExpiresAt <= soon)
            .GroupBy(k => k.ExpiresAt <= now)
            .Select(g => new { Expired = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);
        return new KeyAttention(counts.Where(c => !c.Expired).Sum(c => c.Count), counts.Where(c => c.Expired).Sum(c => c.Count));
    }

    public async Task<IReadOnlyList<AccountSummary>> FindEligibleAccountsAsync(string? search, int take, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var accounts = db.EligibleAccounts().AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var upper = search.Trim().ToUpperInvariant();
            accounts = accounts.Where(a => a.NormalizedUserName!.Contains(upper) || a.NormalizedDisplayName.Contains(upper));
        }

        return await accounts
            .OrderBy(a => a.NormalizedDisplayName).ThenBy(a => a.NormalizedUserName)
            .Take(take)
            .Select(a => new AccountSummary(a.Id, a.UserName ?? "", a.DisplayName))
            .ToListAsync(cancellationToken);
    }

    public async Task<Result<CreatedKey>> CreateAsync(string account, DateTimeOffset expiresAt, string? name, string? description, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        expiresAt = WholeSeconds(expiresAt);
        if (CheckExpiry(expiresAt, now) is { } invalid)
        {
            return invalid;
        }

        if (CheckName(string.IsNullOrWhiteSpace(name) ? "suggested" : name, description) is { } badName)
        {
            return badName;
        }

        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var login = account.Trim().ToUpperInvariant();
        var owner = await db.Users.AsNoTracking()
            .Where(a => a.Id == account || a.NormalizedUserName == login)
            .Select(a => new { a.Id, a.UserName, a.DisplayName })
            .FirstOrDefaultAsync(cancellationToken);
        if (owner is null)
        {
            return Fail(FailureCode.AccountNotFound);
        }

        if (!await db.EligibleAccounts().AnyAsync(a => a.Id == owner.Id, cancellationToken))
        {
            return Fail(FailureCode.AccountNotEligible, owner.UserName ?? owner.Id);
        }

        var secret = KeySecrets.NewSecret();
        var key = NewKey(owner.Id, expiresAt.ToUniversalTime(), string.IsNullOrWhiteSpace(name) ? KeyNames.Suggested(owner.DisplayName, now) : name.Trim(),
            string.IsNullOrWhiteSpace(description) ? null : description.Trim(), secret, now);
        db.AuthenticationKeys.Add(key);
        db.AuditEntries.Add(audit.Entry(AuditAction.KeyCreated, $"{key.Token} ({owner.UserName})", $"«{key.Name}», expires {key.ExpiresAt:u}"));
        await db.SaveChangesAsync(cancellationToken);

        return new CreatedKey(RowOf(key, owner.UserName ?? "", owner.DisplayName, accountEligible: true, now), secret);
    }

    public async Task<Result<AuthenticationKeyRow>> ChangeExpiryAsync(Guid id, DateTimeOffset expiresAt, Guid version, CancellationToken cancellationToken)
    {
        expiresAt = WholeSeconds(expiresAt).ToUniversalTime();
        if (CheckExpiry(expiresAt, time.GetUtcNow()) is { } invalid)
        {
            return invalid;
        }

        return await ChangeAsync(id, version, (db, key) =>
        {
            db.AuditEntries.Add(audit.Entry(AuditAction.KeyExpiryChanged, $"{key.Token} ({key.Account?.UserName})", $"from {key.ExpiresAt:u} to {expiresAt:u}"));
            key.ExpiresAt = expiresAt;
            return Task.FromResult<Failure?>(null);
        }, cancellationToken);
    }

    public async Task<Result<AuthenticationKeyRow>> RenameAsync(Guid id, string name, string? description, Guid version, CancellationToken cancellationToken)
    {
        if (CheckName(name, description) is { } badName)
        {
            return badName;
        }

        return await ChangeAsync(id, version, (db, key) =>
        {
            var before = key.Name;
            key.Name = name.Trim();
            key.Description = string.IsNullOrWhiteSpace(description) ? null : description.Trim();
            db.AuditEntries.Add(audit.Entry(AuditAction.KeyRenamed, $"{key.Token} ({key.Account?.UserName})", $"«{before}» → «{key.Name}»"));
            return Task.FromResult<Failure?>(null);
        }, cancellationToken);
    }

    public async Task<Result<CreatedKey>> RollAsync(Guid id, TimeSpan grace, Guid version, CancellationToken cancellationToken)
    {
        if (!KeyRolls.Graces.Contains(grace))
        {
            return Fail(FailureCode.GraceNotOffered);
        }

        var now = time.GetUtcNow();
        AuthenticationKey? replacement = null;
        var secret = KeySecrets.NewSecret();
        var rolled = await ChangeAsync(id, version, async (db, old) =>
        {
            if (old.ExpiresAt <= now)
            {
                return Fail(FailureCode.ExpiryNotInFuture);
            }

            if (!await db.EligibleAccounts().AnyAsync(a => a.Id == old.AccountId, cancellationToken))
            {
                return Fail(FailureCode.AccountNotEligible, old.Account?.UserName ?? old.AccountId);
            }

            replacement = NewKey(old.AccountId, old.ExpiresAt, old.Name, old.Description, secret, now);
            replacement.RolledFromId = old.Id;
            var graceEnds = WholeSeconds(now + grace);
            old.ExpiresAt = graceEnds < old.ExpiresAt ? graceEnds : old.ExpiresAt; // a roll never lengthens a key's life
            old.RolledToId = replacement.Id;
            db.AuthenticationKeys.Add(replacement);
            var login = old.Account?.UserName;
            db.AuditEntries.Add(audit.Entry(AuditAction.KeyRolled, $"{old.Token} ({login})", $"replaced by {replacement.Token}, works until {old.ExpiresAt:u}"));
            db.AuditEntries.Add(audit.Entry(AuditAction.KeyCreated, $"{replacement.Token} ({login})", $"«{replacement.Name}», expires {replacement.ExpiresAt:u}, replaces {old.Token}"));
            return null;
        }, cancellationToken);

        return rolled.Failure is { } failure
            ? failure
            : new CreatedKey(RowOf(replacement!, rolled.Value!.AccountLogin, rolled.Value.AccountDisplayName, accountEligible: true, now), secret);
    }

    /// <summary>
    /// Loads the key as the editor saw it (by id and version), applies one change (which adds its audit entry, or
    /// refuses) and saves both together; the key as saved, or why not (gone, or changed by someone else meanwhile).
    /// </summary>
    private async Task<Result<AuthenticationKeyRow>> ChangeAsync(
        Guid id, Guid version, Func<ApiKeysDbContext, AuthenticationKey, Task<Failure?>> change, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var key = await db.AuthenticationKeys.Include(k => k.Account).FirstOrDefaultAsync(k => k.Id == id, cancellationToken);
        if (key is null)
        {
            return Fail(FailureCode.KeyNotFound);
        }

        if (key.Version != version)
        {
            return Fail(FailureCode.ConcurrencyConflict);
        }

        if (await change(db, key) is { } refused)
        {
            return refused;
        }

        key.Version = Guid.NewGuid();
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            var stillThere = await db.AuthenticationKeys.AnyAsync(k => k.Id == id, cancellationToken);
            return Fail(stillThere ? FailureCode.ConcurrencyConflict : FailureCode.KeyNotFound);
        }

        var stillEligible = await db.EligibleAccounts().AnyAsync(a => a.Id == key.AccountId, cancellationToken);
        return RowOf(key, key.Account?.UserName ?? "", key.Account?.DisplayName ?? "", stillEligible, now);
    }

    /// <summary>A new key with a fresh token and the secret stored encrypted.</summary>
    private AuthenticationKey NewKey(string accountId, DateTimeOffset expiresAt, string name, string? description, string secret, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        Token = KeySecrets.NewToken(),
        Name = name,
        Description = description,
        ProtectedSecret = secrets.Protect(secret),
        AccountId = accountId,
        CreatedAt = now,
        CreatedBy = actor.Name,
        ExpiresAt = expiresAt,
        Version = Guid.NewGuid(),
    };

    public async Task<Result<int>> DeleteAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return Fail(FailureCode.NothingSelected);
        }

        var wanted = ids.Distinct().ToList();
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var doomed = await db.AuthenticationKeys.Where(k => wanted.Contains(k.Id))
            .Select(k => new { k.Token, k.Account!.UserName })
            .ToListAsync(cancellationToken);
        var deleted = await db.AuthenticationKeys.Where(k => wanted.Contains(k.Id)).ExecuteDeleteAsync(cancellationToken);
        db.AuditEntries.AddRange(doomed.Select(k => audit.Entry(AuditAction.KeyDeleted, $"{k.Token} ({k.UserName})")));
        db.NoteCredentialChanges(doomed.Select(k => CredentialChange.Key(k.Token)));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return deleted;
    }

    public async Task<Result<int>> SetDisabledAsync(IReadOnlyCollection<Guid> ids, bool disabled, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return Fail(FailureCode.NothingSelected);
        }

        var wanted = ids.Distinct().ToList();
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var changing = db.AuthenticationKeys.Where(k => wanted.Contains(k.Id) && k.IsDisabled != disabled);
        var keys = await changing.Select(k => new { k.Token, k.Account!.UserName }).ToListAsync(cancellationToken);
        var changed = await changing.ExecuteUpdateAsync(set => set
            .SetProperty(k => k.IsDisabled, disabled)
            .SetProperty(k => k.Version, Guid.NewGuid()), cancellationToken); // a stale edit of any of them is refused
        db.AuditEntries.AddRange(keys.Select(k => audit.Entry(disabled ? AuditAction.KeyDisabled : AuditAction.KeyEnabled, $"{k.Token} ({k.UserName})")));
        db.NoteCredentialChanges(keys.Select(k => CredentialChange.Key(k.Token)));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return changed;
    }

    private Failure? CheckName(string name, string? description) =>
        KeyNames.Refusal(name, description) is { } refusal ? Fail(refusal, KeyNames.MaxLength, KeyNames.MaxDescriptionLength) : null;

    private Failure? CheckExpiry(DateTimeOffset expiresAt, DateTimeOffset now)
    {
        if (expiresAt <= now)
        {
            return Fail(FailureCode.ExpiryNotInFuture);
        }

        var latest = now + Options.MaximumLifetime;
        return expiresAt > latest
            ? Fail(FailureCode.ExpiryBeyondMaximum, latest.UtcDateTime, (int)Options.MaximumLifetime.TotalDays)
            : null;
    }

    /// <summary>Expiries are kept to the second, in UTC, the same on every database.</summary>
    private static DateTimeOffset WholeSeconds(DateTimeOffset value) => DateTimeOffset.FromUnixTimeSeconds(value.ToUnixTimeSeconds());

    private KeyStatus StatusOf(DateTimeOffset expiresAt, bool accountEligible, bool disabled, DateTimeOffset now) =>
        KeyStatuses.Of(expiresAt, accountEligible, disabled, now, Options.ExpiringSoonWindow);

    private AuthenticationKeyRow RowOf(AuthenticationKey key, string login, string displayName, bool accountEligible, DateTimeOffset now) =>
        new(key.Id, key.Token, key.AccountId, login, displayName, key.CreatedAt, key.CreatedBy,
            key.ExpiresAt, key.LastUsedAt, StatusOf(key.ExpiresAt, accountEligible, key.IsDisabled, now), key.Version, key.Name, key.Description,
            key.RolledFromId, key.RolledToId);

    private Failure Fail(FailureCode code, params object[] arguments) => new(code, messages[code.ToString(), arguments]);

    private static IQueryable<AuthenticationKey> Sorted(IQueryable<AuthenticationKey> keys, KeySort sortBy, bool descending) =>
        (sortBy, descending) switch
        {
            (KeySort.Account, false) => keys.OrderBy(k => k.Account!.NormalizedDisplayName).ThenBy(k => k.Account!.NormalizedUserName).ThenBy(k => k.Id),
            (KeySort.Account, true) => keys.OrderByDescending(k => k.Account!.NormalizedDisplayName).ThenByDescending(k => k.Account!.NormalizedUserName).ThenBy(k => k.Id),
            (KeySort.Name, false) => keys.OrderBy(k => k.NormalizedName).ThenBy(k => k.Id),
            (KeySort.Name, true) => keys.OrderByDescending(k => k.NormalizedName).ThenBy(k => k.Id),
            (KeySort.Created, false) => keys.OrderBy(k => k.CreatedAt).ThenBy(k => k.Id),
            (KeySort.Created, true) => keys.OrderByDescending(k => k.CreatedAt).ThenBy(k => k.Id),
            (_, false) => keys.OrderBy(k => k.ExpiresAt).ThenBy(k => k.Id),
            (_, true) => keys.OrderByDescending(k => k.ExpiresAt).ThenBy(k => k.Id),
        };
}
