using ApiKeys.Domain.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ApiKeys.Domain.Keys;

/// <summary>The key service and what keeps secrets: the Data Protection key ring in the database (encrypted with a certificate when one is configured).</summary>
public static class KeyServices
{
    public static IServiceCollection AddKeys(this IServiceCollection services, IConfiguration configuration)
    {
        var keyRing = services.AddDataProtection().SetApplicationName("ApiKeys").PersistKeysToDbContext<ApiKeysDbContext>();
        KeyRingProtection.Apply(keyRing, configuration);
        services.AddSettings<AuthenticationKeyOptions, AuthenticationKeyOptionsValidator>(AuthenticationKeyOptions.Section, configuration);
        services.AddSingleton<KeySecrets>();
        services.AddScoped<IAuthenticationKeyService, AuthenticationKeyService>();
        return services;
    }
}
