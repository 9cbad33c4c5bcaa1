using ApiKeys.Domain.Storage;

namespace ApiKeys.Domain.Accounts;

/// <summary>The one rule that decides which accounts may hold authentication keys and call the API.</summary>
public static class Eligibility
{
    /// <summary>
    /// Active accounts that hold the "API calls" permission through a system role
    /// or are members of "System administrators".
    /// </summary>
    public static IQueryable<Account> EligibleAccounts(this ApiKeysDbContext db) => db.EligibleAccountsBesides([], null);

    /// <summary>
    /// The accounts that would still be eligible without the memberships of <paramref name="accountId"/> in
    /// <paramref name="roleIds"/> (null account: any account's), so a change's loss can be told before it is made.
    /// </summary>
    internal static IQueryable<Account> EligibleAccountsBesides(this ApiKeysDbContext db, IReadOnlyCollection<string> roleIds, string? accountId) =>
        db.Users.Where(account => account.IsActive && db.UserRoles.Any(membership =>
            membership.UserId == account.Id &&
            !(roleIds.Contains(membership.RoleId) && (accountId == null || membership.UserId == accountId)) &&
            (db.Roles.Any(role => role.Id == membership.RoleId && role.Name == SystemRole.Administrators) ||
             db.RoleClaims.Any(claim => claim.RoleId == membership.RoleId &&
                                        claim.ClaimType == Permission.ClaimType &&
                                        claim.ClaimValue == Permission.ApiCalls))));
}
