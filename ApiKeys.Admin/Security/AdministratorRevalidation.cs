using System.Security.Claims;
using ApiKeys.Domain.Accounts;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace ApiKeys.Admin.Security;

/// <summary>
/// Re-checks an open admin circuit every minute: a deactivated account, a changed password or a removal from
/// "System administrators" ends the session without waiting for the cookie to expire.
/// </summary>
internal sealed class AdministratorRevalidation(ILoggerFactory loggers, IServiceScopeFactory scopes, IOptions<IdentityOptions> options)
    : RevalidatingServerAuthenticationStateProvider(loggers)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState state, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<UserManager<Account>>();
        var account = await accounts.GetUserAsync(state.User);
        if (account is null || !account.IsActive || !await accounts.IsInRoleAsync(account, SystemRole.Administrators))
        {
            return false;
        }

        if (!accounts.SupportsUserSecurityStamp)
        {
            return true;
        }

        var stamp = state.User.FindFirstValue(options.Value.ClaimsIdentity.SecurityStampClaimType);
        return stamp == await accounts.GetSecurityStampAsync(account);
    }
}
