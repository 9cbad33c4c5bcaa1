using ApiKeys.Domain.Storage;
using Microsoft.EntityFrameworkCore;

namespace ApiKeys.Domain.Accounts;

/// <summary>
/// What a change to an account or a role would cut, asked before it is made: the accounts that would lose API access
/// (named up to <see cref="Named"/>, counted in full) and how many of their keys work today and would stop.
/// </summary>
public sealed record AccessLoss(IReadOnlyList<AccountSummary> Accounts, int AccountCount, int Keys)
{
    public const int Named = 20;

    public static readonly AccessLoss None = new([], 0, 0);

    /// <summary>The loss if <paramref name="losing"/> lost API access as of <paramref name="now"/>.</summary>
    internal static async Task<AccessLoss> OfAsync(ApiKeysDbContext db, IQueryable<Account> losing, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var named = await losing.OrderBy(a => a.NormalizedDisplayName).Take(Named)
            .Select(a => new AccountSummary(a.Id, a.UserName!, a.DisplayName)).ToListAsync(cancellationToken);
        if (named.Count == 0)
        {
            return None;
        }

        var accounts = await losing.CountAsync(cancellationToken);
        var keys = await db.AuthenticationKeys.CountAsync(k => !k.IsDisabled && k.ExpiresAt > now && losing.Any(a => a.Id == k.AccountId), cancellationToken);
        return new AccessLoss(named, accounts, keys);
    }
}
