using System.Security.Claims;
using ApiKeys.Domain.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace ApiKeys.Tests.Support;

/// <summary>Accounts and system roles made through Identity, as the product makes them.</summary>
public static class Seed
{
    public static async Task<string> CreateRoleAsync(IServiceProvider services, string name, bool apiCalls)
    {
        await using var scope = services.CreateAsyncScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<SystemRole>>();
        var role = new SystemRole { Name = name };
        Succeeded(await roles.CreateAsync(role));
        if (apiCalls)
        {
            Succeeded(await roles.AddClaimAsync(role, new Claim(Permission.ClaimType, Permission.ApiCalls)));
        }

        return role.Id;
    }

    public static async Task<string> CreateAccountAsync(IServiceProvider services, string login, string displayName, params string[] roles)
    {
        await using var scope = services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<UserManager<Account>>();
        var account = new Account { UserName = login, DisplayName = displayName };
        Succeeded(await accounts.CreateAsync(account));
        foreach (var role in roles)
        {
            Succeeded(await accounts.AddToRoleAsync(account, role));
        }

        return account.Id;
    }

    private static void Succeeded(IdentityResult result) =>
        Assert.True(result.Succeeded, string.Join("; ", result.Errors.Select(e => e.Description)));
}
