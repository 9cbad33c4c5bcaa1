using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ApiKeys.Domain.Storage;

/// <summary>The database on the configured provider (<c>Database:Provider</c>, <c>ConnectionStrings:ApiKeys</c>), its health check and start-up.</summary>
public static class StorageServices
{
    public const string ConnectionStringName = "ApiKeys";

    public static IServiceCollection AddStorage(this IServiceCollection services, IConfiguration configuration, string contentRootPath)
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
                throw new SettingException($"{DatabaseOptions.Section}:Provider '{database.Provider}' is not supported.");
        }

        services.AddScoped<ApiKeysDbContext>(sp => sp.GetRequiredService<IDbContextFactory<ApiKeysDbContext>>().CreateDbContext());
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
        services.AddScoped<DatabaseInitializer>();
        services.AddScoped<DemoData>();
        return services;
    }

    /// <summary>The configured provider and connection string, for what reads the database outside EF Core (nonces, key rows).</summary>
    public static (DatabaseProvider Provider, string? ConnectionString) Configured(IConfiguration configuration) =>
        ((configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions()).Provider,
            configuration.GetConnectionString(ConnectionStringName));

    private static void AddContext<TContext>(IServiceCollection services, Action<IServiceProvider, DbContextOptionsBuilder> configure)
        where TContext : ApiKeysDbContext
    {
        services.AddDbContextFactory<TContext>((sp, options) =>
        {
            configure(sp, options);
            options.AddInterceptors(sp.GetRequiredService<Hmac.CredentialChangePublisher>());
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

    private static string Required(string? connectionString, DatabaseProvider provider) =>
        string.IsNullOrWhiteSpace(connectionString)
            ? throw new SettingException($"ConnectionStrings:{ConnectionStringName} must be set when {DatabaseOptions.Section}:Provider is {provider}.")
            : connectionString;

    /// <summary>Lets the services ask for the base context whichever provider subclass is configured.</summary>
    private sealed class ProviderContextFactory<TContext>(IDbContextFactory<TContext> inner) : IDbContextFactory<ApiKeysDbContext>
        where TContext : ApiKeysDbContext
    {
        public ApiKeysDbContext CreateDbContext() => inner.CreateDbContext();

        public async Task<ApiKeysDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
            await inner.CreateDbContextAsync(cancellationToken);
    }
}
