using ApiKeys.Domain.Storage;

namespace ApiKeys.Domain.Accounts;

/// <summary>The one rule that decides which accounts may hold authentication keys and call the API.</summary>
public static class Eligibility
{
    /// <summary>
    /// Active accounts that hold the "API calls" permission through a system role
    /// or are members of "System administrators".
    /// </summary>
    public static IQueryable<Account> EligibleAccounts(this ApiKeysDbContext db) =>
        db.Users.Where(account => account.IsActive && db.UserRoles.Any(membership =>
            membership.UserId == account.Id &&
            (db.Roles.Any(role => role.Id == membership.RoleId && role.Name == SystemRole.Administrators) ||
             db.RoleClaims.Any(claim => claim.RoleId == membership.RoleId &&
                                        claim.ClaimType == Permission.ClaimType &&
                                        claim.ClaimValue == Permission.ApiCalls))));
}
