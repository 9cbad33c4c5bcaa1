using ApiKeys.Domain.Limits;
using ApiKeys.Domain.Accounts;
using ApiKeys.Domain.Storage;
using Microsoft.EntityFrameworkCore;

namespace ApiKeys.Domain.Keys;

public sealed partial class AuthenticationKeyService
{
    public async Task<KeyPage> QueryAsync(KeyQuery query, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        var keys = db.AuthenticationKeys.AsNoTracking();

        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            keys = await MatchingAsync(db, keys, query.Search.Trim(), cancellationToken);
        }

        if (!string.IsNullOrWhiteSpace(query.Account))
        {
            var login = query.Account.Trim().ToUpperInvariant();
            keys = keys.Where(k => db.Users.Any(a => a.Id == k.AccountId && a.NormalizedUserName == login));
        }

        if (!string.IsNullOrWhiteSpace(query.Role))
        {
            var role = query.Role.Trim();
            keys = keys.Where(k => db.UserRoles.Any(m => m.UserId == k.AccountId && db.Roles.Any(r => r.Id == m.RoleId && r.Name == role)));
        }

        if (query.Replaced)
        {
            keys = keys.Where(k => k.RolledToId != null && k.ExpiresAt > now);
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

    public async Task<IReadOnlyDictionary<string, string>> NamesByTokenAsync(IReadOnlyCollection<string> tokens, CancellationToken cancellationToken)
    {
        var wanted = tokens.Where(t => KeySecrets.IsTokenShape(t)).Distinct(StringComparer.Ordinal).ToList();
        if (wanted.Count == 0)
        {
            return new Dictionary<string, string>(StringComparer.Ordinal);
        }

        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return await db.AuthenticationKeys.AsNoTracking().Where(k => wanted.Contains(k.Token))
            .ToDictionaryAsync(k => k.Token, k => k.Name, StringComparer.Ordinal, cancellationToken);
    }

    public async Task<AuthenticationKeyRow?> FindByTokenAsync(string token, CancellationToken cancellationToken)
    {
        if (!KeySecrets.IsTokenShape(token))
        {
            return null;
        }

        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        return (await RowsAsync(db, db.AuthenticationKeys.AsNoTracking().Where(k => k.Token == token), time.GetUtcNow(), cancellationToken)).FirstOrDefault();
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

    public async Task<IReadOnlyDictionary<KeyStatus, int>> CountByStatusAsync(CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        var soon = now + Options.ExpiringSoonWindow;
        var eligible = db.EligibleAccounts();
        // One query: the few combinations of what decides a status, counted; the status of each said by KeyStatuses.
        var groups = await db.AuthenticationKeys.AsNoTracking()
            .GroupBy(k => new { k.IsDisabled, Expired = k.ExpiresAt <= now, Soon = k.ExpiresAt <= soon, Eligible = eligible.Any(a => a.Id == k.AccountId) })
            .Select(g => new { g.Key.IsDisabled, g.Key.Expired, g.Key.Soon, g.Key.Eligible, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var counts = Enum.GetValues<KeyStatus>().ToDictionary(status => status, _ => 0);
        foreach (var group in groups)
        {
            var status = KeyStatuses.Of(group.Expired ? now : group.Soon ? soon : DateTimeOffset.MaxValue, group.Eligible, group.IsDisabled, now, Options.ExpiringSoonWindow);
            counts[status] += group.Count;
        }

        return counts;
    }

    public async Task<Result<AccountSummary>> FindAccountForKeyAsync(string login, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var normalized = login.Trim().ToUpperInvariant();
        var eligible = db.EligibleAccounts();
        var found = await db.Users.AsNoTracking().Where(a => a.NormalizedUserName == normalized)
            .Select(a => new { Account = new AccountSummary(a.Id, a.UserName ?? "", a.DisplayName), Eligible = eligible.Any(e => e.Id == a.Id) })
            .FirstOrDefaultAsync(cancellationToken);
        return found is null ? Fail(FailureCode.AccountNotFound)
            : !found.Eligible ? Fail(FailureCode.AccountNotEligible, found.Account.Login)
            : found.Account;
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

    /// <summary>The keys as the list shows them, with their status now.</summary>
    private async Task<List<AuthenticationKeyRow>> RowsAsync(ApiKeysDbContext db, IQueryable<AuthenticationKey> keys, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var eligible = db.EligibleAccounts();
        var rows = await keys
            .Select(k => new
            {
                k.Id, k.Token, k.AccountId, k.Account!.UserName, k.Account.DisplayName,
                k.CreatedAt, k.CreatedBy, k.ExpiresAt, k.LastUsedAt, k.Version, k.IsDisabled, k.Name, k.Description, k.RolledFromId, k.RolledToId, k.ScopeList,
                k.AllowFromList, k.RateLimitText, k.QuotaCalls, k.QuotaRefillText, k.QuotaRemaining, k.QuotaPeriod,
                Eligible = eligible.Any(a => a.Id == k.AccountId),
            })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(k =>
        {
            var limits = KeyLimits.Of(k.AllowFromList, k.RateLimitText, k.QuotaCalls, k.QuotaRefillText);
            return new AuthenticationKeyRow(
                k.Id, k.Token, k.AccountId, k.UserName ?? "", k.DisplayName, k.CreatedAt, k.CreatedBy,
                k.ExpiresAt, k.LastUsedAt, StatusOf(k.ExpiresAt, k.Eligible, k.IsDisabled, now), k.Version, k.Name, k.Description,
                k.RolledFromId, k.RolledToId, k.ScopeList, limits, limits.QuotaLeft(k.QuotaRemaining, k.QuotaPeriod, now));
        })];
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

    private KeyStatus StatusOf(DateTimeOffset expiresAt, bool accountEligible, bool disabled, DateTimeOffset now) =>
        KeyStatuses.Of(expiresAt, accountEligible, disabled, now, Options.ExpiringSoonWindow);

    private AuthenticationKeyRow RowOf(AuthenticationKey key, string login, string displayName, bool accountEligible, DateTimeOffset now) =>
        new(key.Id, key.Token, key.AccountId, login, displayName, key.CreatedAt, key.CreatedBy,
            key.ExpiresAt, key.LastUsedAt, StatusOf(key.ExpiresAt, accountEligible, key.IsDisabled, now), key.Version, key.Name, key.Description,
            key.RolledFromId, key.RolledToId, key.ScopeList, key.Limits, key.QuotaLeft(now));

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
