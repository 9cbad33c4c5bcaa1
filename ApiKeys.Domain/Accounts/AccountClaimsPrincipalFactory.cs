using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace ApiKeys.Domain.Accounts;

/// <summary>Adds the display name and the must-change-password flag to the signed-in principal.</summary>
public sealed class AccountClaimsPrincipalFactory(UserManager<Account> accounts, RoleManager<SystemRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<Account, SystemRole>(accounts, roles, options)
{
    public const string DisplayNameClaim = "apikeys:display_name";
    public const string MustChangePasswordClaim = "apikeys:must_change_password";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(Account user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(DisplayNameClaim, user.DisplayName));
        if (user.MustChangePassword)
        {
            identity.AddClaim(new Claim(MustChangePasswordClaim, "true"));
        }

        return identity;
    }
}
