using ApiKeys.Domain.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ApiKeys.Domain.Accounts;

/// <summary>Accounts and system roles on ASP.NET Core Identity, with the lockout and password rules from configuration.</summary>
public static class AccountServices
{
    public static IServiceCollection AddAccounts(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSettings<LockoutOptions, LockoutOptionsValidator>(LockoutOptions.Section, configuration);
        services.AddSettings<PasswordRules, PasswordRulesValidator>(PasswordRules.Section, configuration);
        services.AddIdentityCore<Account>(options =>
            {
                options.User.RequireUniqueEmail = false;
                options.SignIn.RequireConfirmedAccount = true; // "confirmed" means active: see ActiveAccountConfirmation
                options.Lockout.AllowedForNewUsers = true;
            })
            .AddRoles<SystemRole>()
            .AddEntityFrameworkStores<ApiKeysDbContext>()
            .AddClaimsPrincipalFactory<AccountClaimsPrincipalFactory>()
            .AddErrorDescriber<LocalizedIdentityErrors>()
            .AddDefaultTokenProviders();
        services.AddOptions<IdentityOptions>().Configure<IOptions<LockoutOptions>, IOptions<PasswordRules>>((identity, lockout, password) =>
        {
            identity.Password.RequiredLength = password.Value.RequiredLength;
            identity.Lockout.MaxFailedAccessAttempts = lockout.Value.MaxFailedAttempts;
            identity.Lockout.DefaultLockoutTimeSpan = lockout.Value.Duration;
        });

        services.AddSingleton<IdentityOperation>();
        services.AddScoped<AccountService>();
        services.AddScoped<SystemRoleService>();
        services.AddScoped<AdministratorBootstrap>();
        return services;
    }
}
