using ApiKeys.Domain;
using ApiKeys.Domain.Accounts;
using ApiKeys.Domain.Hmac;
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

    /// <summary>Adds keys in bulk, spread over accounts and expiries, returning their ids.</summary>
    public async Task<List<Guid>> AddKeysAsync(IReadOnlyList<string> accountIds, int count, int seed)
    {
        var random = new Random(seed);
        var secrets = Services.GetRequiredService<KeySecrets>();
        var protectedSecret = secrets.Protect(KeySecrets.NewSecret()); // the same ciphertext for all: only listing is measured
        var now = DateTimeOffset.UtcNow;
        var ids = new List<Guid>(count);
        await using var db = await Services.GetRequiredService<IDbContextFactory<ApiKeysDbContext>>().CreateDbContextAsync();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        for (var i = 0; i < count; i++)
        {
            var id = Guid.CreateVersion7();
            ids.Add(id);
            db.AuthenticationKeys.Add(new AuthenticationKey
            {
                Id = id,
                Token = KeySecrets.NewToken(),
                ProtectedSecret = protectedSecret,
                AccountId = accountIds[random.Next(accountIds.Count)],
                CreatedAt = now.AddDays(-random.Next(1, 700)),
                CreatedBy = "benchmark",
                ExpiresAt = now.AddDays(random.Next(-60, 1000)).AddSeconds(random.Next(86_400)),
                Version = Guid.NewGuid(),
            });
            if (i % 5_000 == 4_999)
            {
                await db.SaveChangesAsync();
                db.ChangeTracker.Clear();
            }
        }

        await db.SaveChangesAsync();
        return ids;
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
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
