using ApiKeys.Domain.Accounts;
using ApiKeys.Domain.Audit;
using ApiKeys.Domain.Hmac;
using ApiKeys.Domain.Keys;
using ApiKeys.Domain.Redis;
using ApiKeys.Domain.Notifications;
using ApiKeys.Domain.Storage;
using ApiKeys.Domain.Usage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace ApiKeys.Domain;

public static class DependencyInjection
{
    public const string ConnectionStringName = "ApiKeys";

    /// <summary>
    /// Storage on the configured provider, Data Protection, accounts and roles, and the key service: what the web app
    /// and the command line share. Signing in belongs to the web app (<c>AddAdminAuthorization</c>).
    /// </summary>
    public static IServiceCollection AddApiKeysDomain(this IServiceCollection services, IConfiguration configuration, string contentRootPath)
    {
        var database = configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var connectionString = configuration.GetConnectionString(ConnectionStringName);

        switch (database.Provider)
        {
            case DatabaseProvider.Sqlite:
                var sqlite = SqliteConnectionString(connectionString, Path.Combine(contentRootPath, database.DataFolder));
                if (new SqliteConnectionStringBuilder(sqlite) is { Mode: SqliteOpenMode.ReadWrite } file)
                {
                    services.AddSingleton(sp => new SqliteDatabaseFile(file.DataSource, sp.GetRequiredService<TimeProvider>()));
                }

                AddContext<SqliteApiKeysDbContext>(services, (sp, options) =>
                {
                    options.UseSqlite(sqlite).AddInterceptors(new SqliteBusyTimeout.Interceptor());
                    if (sp.GetService<SqliteDatabaseFile>() is { } watched)
                    {
                        options.AddInterceptors(new SqliteDatabaseFile.Guard(watched));
                    }
                });
                break;
            case DatabaseProvider.SqlServer:
                var sqlServer = Required(connectionString, database.Provider);
                AddContext<SqlServerApiKeysDbContext>(services, (_, options) => options.UseSqlServer(sqlServer));
                break;
            case DatabaseProvider.PostgreSql:
                var postgres = Required(connectionString, database.Provider);
                AddContext<PostgresApiKeysDbContext>(services, (_, options) => options.UseNpgsql(postgres));
                break;
            default:
                throw new InvalidOperationException($"Database:Provider '{database.Provider}' is not supported.");
        }

        services.AddScoped<ApiKeysDbContext>(sp => sp.GetRequiredService<IDbContextFactory<ApiKeysDbContext>>().CreateDbContext());
        var keyRing = services.AddDataProtection().SetApplicationName("ApiKeys").PersistKeysToDbContext<ApiKeysDbContext>();
        KeyRingProtection.Apply(keyRing, configuration);
        var lockout = configuration.GetSection("Authentication:Lockout");
        services.AddIdentityCore<Account>(options =>
            {
                options.User.RequireUniqueEmail = false;
                options.SignIn.RequireConfirmedAccount = true; // "confirmed" means active: see ActiveAccountConfirmation
                options.Password.RequiredLength = 12;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = lockout.GetValue("MaxFailedAttempts", 5);
                options.Lockout.DefaultLockoutTimeSpan = lockout.GetValue("Duration", TimeSpan.FromMinutes(15));
            })
            .AddRoles<SystemRole>()
            .AddEntityFrameworkStores<ApiKeysDbContext>()
            .AddClaimsPrincipalFactory<AccountClaimsPrincipalFactory>()
            .AddErrorDescriber<LocalizedIdentityErrors>()
            .AddDefaultTokenProviders();

        services.AddLocalization();
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<AuthenticationKeyOptions>().Bind(configuration.GetSection(AuthenticationKeyOptions.Section))
            .Validate(o => o.MaximumLifetime > TimeSpan.Zero, Setting(AuthenticationKeyOptions.Section, "MaximumLifetime", "must be a positive span, such as 1095.00:00:00"))
            .Validate(o => o.ExpiringSoonWindow >= TimeSpan.Zero, Setting(AuthenticationKeyOptions.Section, "ExpiringSoonWindow", "cannot be negative"))
            .Validate(o => o.UsageRetention >= TimeSpan.FromDays(1), Setting(AuthenticationKeyOptions.Section, "UsageRetention", "must be at least 1.00:00:00"))
            .ValidateOnStart();
        services.AddSingleton<KeySecrets>();
        services.AddScoped<IAuthenticationKeyService, AuthenticationKeyService>();
        services.AddScoped<AuditTrail>();
        services.AddSingleton<IdentityOperation>();
        services.AddScoped<AccountService>();
        services.AddScoped<SystemRoleService>();
        services.AddScoped<AdministratorBootstrap>();
        services.AddOptions<HmacOptions>().Bind(configuration.GetSection(HmacOptions.Section))
            .Validate(o => o.ClockSkew > TimeSpan.Zero && o.ClockSkew <= TimeSpan.FromHours(1), Setting(HmacOptions.Section, "ClockSkew", "must be between 00:00:01 and 01:00:00"))
            .Validate(o => o.MaxBodyBytes > 0, Setting(HmacOptions.Section, "MaxBodyBytes", "must be a positive number of bytes"))
            .Validate(o => o.RevocationBound > TimeSpan.Zero, Setting(HmacOptions.Section, "RevocationBound", "must be a positive span, such as 00:00:01"))
            .Validate(o => o.CacheCapacity >= 1, Setting(HmacOptions.Section, "CacheCapacity", "must be at least 1"))
            .Validate(o => o.UnknownKeyReadsPerSecond >= 0, Setting(HmacOptions.Section, "UnknownKeyReadsPerSecond", "cannot be negative"))
            .Validate(o => o.LastUsedResolution >= TimeSpan.Zero, Setting(HmacOptions.Section, "LastUsedResolution", "cannot be negative"))
            .Validate(o => o.UsageFlushInterval >= TimeSpan.FromMilliseconds(10) && o.UsageFlushInterval <= TimeSpan.FromMinutes(10), Setting(HmacOptions.Section, "UsageFlushInterval", "must be between 00:00:00.01 and 00:10:00"))
            .Validate(o => o.ReplayBatchWindow >= TimeSpan.Zero && o.ReplayBatchWindow <= TimeSpan.FromSeconds(1), Setting(HmacOptions.Section, "ReplayBatchWindow", "must be between 00:00:00 and 00:00:01"))
            .ValidateOnStart();
        AddCredentials(services, configuration, database.Provider, connectionString);
        services.AddSingleton<KeyUsageRecorder>();
        services.AddHostedService(sp => sp.GetRequiredService<KeyUsageRecorder>());
        services.AddSingleton<HmacVerifier>();
        AddNotifications(services, configuration);

        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        services.AddScoped<DatabaseInitializer>();
        services.AddScoped<DemoData>();
        return services;
    }

    /// <summary>The daily expiry notice by e-mail; its scheduler stays idle unless an SMTP host is configured.</summary>
    private static void AddNotifications(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SmtpOptions>().Bind(configuration.GetSection(SmtpOptions.Section))
            .Validate(o => !o.IsConfigured || o.Port is > 0 and <= 65535, Setting(SmtpOptions.Section, "Port", "must be a port number, 1 to 65535"))
            .Validate(o => !o.IsConfigured || MimeKit.MailboxAddress.TryParse(o.From, out _), Setting(SmtpOptions.Section, "From", "must be the sender's address, such as apikeys@example.com"))
            .ValidateOnStart();
        services.AddOptions<ExpiryNoticeOptions>().Bind(configuration.GetSection(ExpiryNoticeOptions.Section))
            .Validate(o => o.TimeOfDay >= TimeSpan.Zero && o.TimeOfDay < TimeSpan.FromDays(1), Setting(ExpiryNoticeOptions.Section, "TimeOfDay", "must be a time of day in UTC, such as 07:00:00"))
            .Validate(o => o.Language is "en" or "ru", Setting(ExpiryNoticeOptions.Section, "Language", "must be en or ru"))
            .Validate(o => o.RetryAfter >= TimeSpan.FromSeconds(1), Setting(ExpiryNoticeOptions.Section, "RetryAfter", "must be at least 00:00:01"))
            .ValidateOnStart();
        services.AddScoped<ExpiryNotices>();
        services.AddHostedService<ExpiryNoticeScheduler>();
    }

    /// <summary>
    /// The credential cache and how it hears of changes (Redis pub/sub when Redis is configured, else PostgreSQL's
    /// LISTEN/NOTIFY on PostgreSQL, else only the change log), and the replay store.
    /// </summary>
    private static void AddCredentials(IServiceCollection services, IConfiguration configuration, DatabaseProvider provider, string? connectionString)
    {
        var redis = configuration.GetConnectionString(RedisConnection.ConnectionStringName);
        if (!string.IsNullOrWhiteSpace(redis))
        {
            services.AddSingleton(new RedisConnection(redis));
            services.TryAddSingleton<ICredentialChangeChannel, RedisCredentialChangeChannel>();
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

        switch (configuration.GetSection(HmacOptions.Section).Get<HmacOptions>()?.ReplayStore ?? ReplayStoreKind.Database)
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
                    sp.GetRequiredService<TimeProvider>(), sp.GetService<SqliteDatabaseFile>()));
                services.AddSingleton<UsedNonceSweeper>();
                services.AddHostedService(sp => sp.GetRequiredService<UsedNonceSweeper>());
                break;
        }
    }

    private static void AddContext<TContext>(IServiceCollection services, Action<IServiceProvider, DbContextOptionsBuilder> configure)
        where TContext : ApiKeysDbContext
    {
        services.AddDbContextFactory<TContext>((sp, options) =>
        {
            configure(sp, options);
            options.AddInterceptors(sp.GetRequiredService<CredentialChangePublisher>());
        });
        services.AddSingleton<IDbContextFactory<ApiKeysDbContext>, ProviderContextFactory<TContext>>();
    }

    /// <summary>
    /// A relative SQLite file is placed in the data folder, which is created on first run. A file database is opened
    /// without the right to create it: only <see cref="DatabaseInitializer"/> creates one (see <see cref="SqliteDatabaseFile"/>).
    /// </summary>
    private static string SqliteConnectionString(string? configured, string dataFolder)
    {
        var builder = new SqliteConnectionStringBuilder(string.IsNullOrWhiteSpace(configured) ? "Data Source=apikeys.db" : configured);
        if (builder.DataSource is not (":memory:" or "") && builder.Mode != SqliteOpenMode.Memory && !Path.IsPathRooted(builder.DataSource))
        {
            builder.DataSource = Path.GetFullPath(Path.Combine(dataFolder, builder.DataSource));
        }

        if (Path.GetDirectoryName(builder.DataSource) is { Length: > 0 } folder && builder.Mode != SqliteOpenMode.Memory)
        {
            Directory.CreateDirectory(folder);
            builder.Mode = builder.Mode == SqliteOpenMode.ReadWriteCreate ? SqliteOpenMode.ReadWrite : builder.Mode;
        }

        return builder.ToString();
    }

    private static string Setting(string section, string key, string rule) => $"{section}:{key} {rule}.";

    private static string Required(string? connectionString, DatabaseProvider provider) =>
        string.IsNullOrWhiteSpace(connectionString)
            ? throw new SettingException($"ConnectionStrings:{ConnectionStringName} must be set when Database:Provider is {provider}.")
            : connectionString;

    /// <summary>Lets the service ask for the base context whichever provider subclass is configured.</summary>
    private sealed class ProviderContextFactory<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<ApiKeysDbContext>
        where TContext : ApiKeysDbContext
    {
        public ApiKeysDbContext CreateDbContext() => inner.CreateDbContext();

        public async Task<ApiKeysDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
            await inner.CreateDbContextAsync(cancellationToken);
    }
}
