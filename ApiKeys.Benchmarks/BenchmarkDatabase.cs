using ApiKeys.Domain;
using ApiKeys.Domain.Accounts;
using ApiKeys.Domain.Keys;
using ApiKeys.Domain.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace ApiKeys.Benchmarks;

/// <summary>A migrated database — a SQLite file, or PostgreSQL when APIKEYS_BENCH_POSTGRES names a server — with the domain around it.</summary>
public sealed class BenchmarkDatabase : IAsyncDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "apikeys-bench", Guid.NewGuid().ToString("n"));

    private BenchmarkDatabase(string provider, string connectionString, IReadOnlyDictionary<string, string?>? settings, Action<IServiceCollection>? configure)
    {
        Directory.CreateDirectory(_folder);
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Database:Provider"] = provider, ["ConnectionStrings:ApiKeys"] = connectionString })
            .AddInMemoryCollection(settings ?? new Dictionary<string, string?>())
            .Build();
        var services = new ServiceCollection().AddLogging();
        configure?.Invoke(services);
        services.AddApiKeysDomain(configuration, _folder);
        services.AddSingleton<ICurrentActor>(new BenchmarkActor());
        Services = services.BuildServiceProvider();
    }

    public ServiceProvider Services { get; }

    public static string? PostgresServer => Environment.GetEnvironmentVariable("APIKEYS_BENCH_POSTGRES") is { Length: > 0 } server ? server : null;

    public static string? RedisServer => Environment.GetEnvironmentVariable("APIKEYS_BENCH_REDIS") is { Length: > 0 } server ? server : null;

    public static async Task<BenchmarkDatabase> CreateAsync(string provider, IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null)
    {
        string connectionString;
        if (provider == nameof(DatabaseProvider.PostgreSql))
        {
            var admin = PostgresServer ?? throw new InvalidOperationException("Set APIKEYS_BENCH_POSTGRES to benchmark PostgreSQL.");
            var name = $"apikeys_bench_{Guid.NewGuid():n}"[..28];
            await using var connection = new NpgsqlConnection(admin);
            await connection.OpenAsync();
            await new NpgsqlCommand($"CREATE DATABASE {name}", connection).ExecuteNonQueryAsync();
            connectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ToString();
        }
        else
        {
            connectionString = "Data Source=bench.db";
        }

        var database = new BenchmarkDatabase(provider, connectionString, settings, configure);
        await using var scope = database.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(CancellationToken.None);
        return database;
    }

    /// <summary>An account in a role with "API calls", returning its id.</summary>
    public async Task<string> EligibleAccountAsync(string login, string displayName)
    {
        await using var scope = Services.CreateAsyncScope();
        var roles = scope.ServiceProvider.GetRequiredService<RoleManager<SystemRole>>();
        if (!await roles.RoleExistsAsync("Integrations"))
        {
            var role = new SystemRole { Name = "Integrations" };
            await roles.CreateAsync(role);
            await roles.AddClaimAsync(role, new System.Security.Claims.Claim(Permission.ClaimType, Permission.ApiCalls));
        }

        var accounts = scope.ServiceProvider.GetRequiredService<UserManager<Account>>();
        var account = new Account { UserName = login, DisplayName = displayName };
        await accounts.CreateAsync(account);
        await accounts.AddToRoleAsync(account, "Integrations");
        return account.Id;
    }

    /// <summary>
    /// Adds keys in bulk, spread over accounts and expiries, all with one secret (only listing and lookups are measured),
    /// returning their ids and tokens. PostgreSQL takes them by COPY, SQLite by one prepared insert in large transactions;
    /// neither goes through the change log, as a restore of a large installation would not.
    /// </summary>
    public async Task<List<(Guid Id, string Token)>> AddKeysAsync(IReadOnlyList<string> accountIds, int count, int seed, bool allValid = false)
    {
        var firstExpiryDay = allValid ? 1 : -60;
        var random = new Random(seed);
        var protectedSecret = Services.GetRequiredService<KeySecrets>().Protect(Secret);
        var now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        var keys = new List<(Guid Id, string Token)>(count);
        await using var db = await Services.GetRequiredService<IDbContextFactory<ApiKeysDbContext>>().CreateDbContextAsync();
        await db.Database.OpenConnectionAsync();
        var connection = db.Database.GetDbConnection();
        if (connection is NpgsqlConnection postgres)
        {
            await using (var copy = await postgres.BeginBinaryImportAsync(
                "COPY \"AuthenticationKeys\" (\"Id\", \"Token\", \"ProtectedSecret\", \"AccountId\", \"CreatedAt\", \"CreatedBy\", \"ExpiresAt\", \"Version\") FROM STDIN (FORMAT BINARY)"))
            {
                for (var i = 0; i < count; i++)
                {
                    var key = (Guid.CreateVersion7(), KeySecrets.NewToken());
                    keys.Add(key);
                    await copy.StartRowAsync();
                    await copy.WriteAsync(key.Item1);
                    await copy.WriteAsync(key.Item2);
                    await copy.WriteAsync(protectedSecret);
                    await copy.WriteAsync(accountIds[random.Next(accountIds.Count)]);
                    await copy.WriteAsync(now.AddDays(-random.Next(1, 700)), NpgsqlTypes.NpgsqlDbType.TimestampTz);
                    await copy.WriteAsync("benchmark");
                    await copy.WriteAsync(now.AddDays(random.Next(firstExpiryDay, 1000)).AddSeconds(random.Next(86_400)), NpgsqlTypes.NpgsqlDbType.TimestampTz);
                    await copy.WriteAsync(Guid.NewGuid());
                }

                await copy.CompleteAsync();
            }

            await db.Database.ExecuteSqlRawAsync("ANALYZE");
            return keys;
        }

        await using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO AuthenticationKeys (Id, Token, ProtectedSecret, AccountId, CreatedAt, CreatedBy, ExpiresAt, Version) " +
                             "VALUES ($id, $token, $secret, $account, $created, 'benchmark', $expires, $version)";
        foreach (var name in new[] { "$id", "$token", "$secret", "$account", "$created", "$expires", "$version" })
        {
            var parameter = insert.CreateParameter();
            parameter.ParameterName = name;
            insert.Parameters.Add(parameter);
        }

        for (var done = 0; done < count; done += 20_000)
        {
            await using var transaction = await connection.BeginTransactionAsync();
            insert.Transaction = transaction;
            for (var i = done; i < Math.Min(count, done + 20_000); i++)
            {
                var key = (Guid.CreateVersion7(), KeySecrets.NewToken());
                keys.Add(key);
                insert.Parameters[0].Value = key.Item1.ToString().ToUpperInvariant(); // as EF Core stores a Guid in SQLite
                insert.Parameters[1].Value = key.Item2;
                insert.Parameters[2].Value = protectedSecret;
                insert.Parameters[3].Value = accountIds[random.Next(accountIds.Count)];
                insert.Parameters[4].Value = now.AddDays(-random.Next(1, 700)).UtcTicks;
                insert.Parameters[5].Value = now.AddDays(random.Next(firstExpiryDay, 1000)).AddSeconds(random.Next(86_400)).UtcTicks;
                insert.Parameters[6].Value = Guid.NewGuid().ToString().ToUpperInvariant();
                await insert.ExecuteNonQueryAsync();
            }

            await transaction.CommitAsync();
        }

        await db.Database.ExecuteSqlRawAsync("ANALYZE");
        return keys;
    }

    /// <summary>The secret every bulk-added key has.</summary>
    public static string Secret { get; } = KeySecrets.NewSecret();

    public async ValueTask DisposeAsync()
    {
        string? postgres = null;
        await using (var db = await Services.GetRequiredService<IDbContextFactory<ApiKeysDbContext>>().CreateDbContextAsync())
        {
            postgres = db.Database.IsNpgsql() ? db.Database.GetConnectionString() : null;
        }

        await Services.DisposeAsync();
        if (postgres is not null && PostgresServer is { } server)
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(server);
            await connection.OpenAsync();
            await new NpgsqlCommand($"DROP DATABASE IF EXISTS {new NpgsqlConnectionStringBuilder(postgres).Database} WITH (FORCE)", connection).ExecuteNonQueryAsync();
        }

        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private sealed class BenchmarkActor : ICurrentActor
    {
        public string Name => "benchmark";
    }
}
