using ApiKeys.Domain.Limits;
using ApiKeys.Domain.Metrics;
using ApiKeys.Domain.Storage;
using ApiKeys.Domain.Usage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ApiKeys.Domain.Hmac;

/// <summary>
/// What verifies a signed call: the credential cache and how it hears of changes (Redis pub/sub when Redis is
/// configured, else PostgreSQL's LISTEN/NOTIFY on PostgreSQL, else only the change log), the replay store, usage
/// counting and the verifier itself.
/// </summary>
public static class HmacServices
{
    public static IServiceCollection AddHmacVerification(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSettings<HmacOptions, HmacOptionsValidator>(HmacOptions.Section, configuration);
        var (provider, connectionString) = StorageServices.Configured(configuration);
        var redis = configuration.GetConnectionString(RedisConnection.ConnectionStringName);
        if (!string.IsNullOrWhiteSpace(redis))
        {
            services.AddSingleton(new RedisConnection(redis));
            services.TryAddSingleton<ICredentialChangeChannel, RedisCredentialChangeChannel>();
            services.TryAddSingleton<IKeyRateCounter, RedisKeyRateCounter>();
        }
        else if (provider == DatabaseProvider.PostgreSql)
        {
            services.TryAddSingleton<ICredentialChangeChannel>(new PostgresCredentialChangeChannel(connectionString!));
        }
        else
        {
            services.TryAddSingleton<ICredentialChangeChannel, NoCredentialChangeChannel>();
        }

        services.AddSingleton<CredentialCache>();
        services.AddSingleton<CredentialChangeFeed>();
        services.AddSingleton<CredentialChangePublisher>();
        services.AddHostedService<CredentialCacheRefresher>();
        services.AddHostedService<CredentialChangeListener>();
        AddReplayStore(services, configuration.GetSection(HmacOptions.Section).Get<HmacOptions>()?.ReplayStore ?? ReplayStoreKind.Database, provider, redis);

        services.TryAddSingleton<IKeyRateCounter, MemoryKeyRateCounter>();
        services.AddSingleton<KeyQuotas>();
        if (provider != DatabaseProvider.Sqlite && string.IsNullOrWhiteSpace(redis))
        {
            services.AddHostedService<RateLimitsPerInstanceWarning>();
        }

        services.AddSingleton<KeyUsageRecorder>();
        services.AddSingleton<RouteUsageQuery>();
        services.AddHostedService(sp => sp.GetRequiredService<KeyUsageRecorder>());
        services.AddSingleton<HmacVerifier>();
        return services;
    }

    private static void AddReplayStore(IServiceCollection services, ReplayStoreKind kind, DatabaseProvider provider, string? redis)
    {
        switch (kind)
        {
            case ReplayStoreKind.Memory:
                services.TryAddSingleton<IReplayStore, InMemoryReplayStore>();
                break;
            case ReplayStoreKind.Redis when string.IsNullOrWhiteSpace(redis):
                throw new SettingException($"ConnectionStrings:{RedisConnection.ConnectionStringName} must be set when {HmacOptions.Section}:ReplayStore is Redis.");
            case ReplayStoreKind.Redis:
                services.TryAddSingleton<IReplayStore, RedisReplayStore>();
                break;
            default:
                services.TryAddSingleton<IReplayStore>(sp => new DatabaseReplayStore(
                    sp.GetRequiredService<IDbContextFactory<ApiKeysDbContext>>(), provider, sp.GetRequiredService<IOptions<HmacOptions>>().Value.ReplayBatchWindow,
                    sp.GetRequiredService<TimeProvider>(), sp.GetService<SqliteDatabaseFile>(), sp.GetService<ApiKeysMetrics>()));
                services.AddSingleton<UsedNonceSweeper>();
                services.AddHostedService(sp => sp.GetRequiredService<UsedNonceSweeper>());
                break;
        }
    }
}
