using ApiKeys.Domain.Accounts;
using ApiKeys.Domain.Audit;
using ApiKeys.Domain.Hmac;
using ApiKeys.Domain.Keys;
using ApiKeys.Domain.Metrics;
using ApiKeys.Domain.Notifications;
using ApiKeys.Domain.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace ApiKeys.Domain;

public static class DependencyInjection
{
    /// <summary>
    /// Storage on the configured provider, accounts and roles, keys, HMAC verification and expiry notices: what the web
    /// app and the command line share. Signing in belongs to the web app (<c>AddAdminAuthorization</c>).
    /// </summary>
    public static IServiceCollection AddApiKeysDomain(this IServiceCollection services, IConfiguration configuration, string contentRootPath)
    {
        services.AddLocalization();
        services.TryAddSingleton(TimeProvider.System);
        services.AddScoped<AuditTrail>();
        return services
            .AddStorage(configuration, contentRootPath)
            .AddAccounts(configuration)
            .AddKeys(configuration)
            .AddHmacVerification(configuration)
            .AddApiKeysMetrics()
            .AddExpiryNotices(configuration);
    }
}
