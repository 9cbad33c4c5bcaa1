using ApiKeys.Domain;
using ApiKeys.Domain.Keys;
using ApiKeys.Domain.Storage;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ApiKeys.Tests.Support;

/// <summary>A real SQLite file in a temporary folder, migrated, with the domain's services around it.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 11, 26, 9, 0, 0, TimeSpan.Zero);

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "apikeys-tests", Guid.NewGuid().ToString("n"));

    private TestDatabase(IReadOnlyDictionary<string, string?>? settings, DatabaseProvider provider, string? postgres)
    {
        Directory.CreateDirectory(_folder);
        DatabaseFile = Path.Combine(_folder, "apikeys.db");
        Provider = provider;
        _postgres = postgres;
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Database:Provider"] = provider.ToString(),
                ["ConnectionStrings:ApiKeys"] = postgres ?? $"Data Source={DatabaseFile}",
            })
            .AddInMemoryCollection(settings ?? new Dictionary<string, string?>())
            .Build();

        _configuration = configuration;
        Services = BuildServices();
    }

    private readonly IConfiguration _configuration;

    /// <summary>The domain's services anew on the same database, as after a restart of the app; the caller disposes them.</summary>
    public ServiceProvider Restarted() => BuildServices();

    private ServiceProvider BuildServices()
    {
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<TimeProvider>(Clock);
        services.AddApiKeysDomain(_configuration, _folder);
        services.AddSingleton<ICurrentActor>(new FixedActor("test.admin"));
        return services.BuildServiceProvider();
    }

    private readonly string? _postgres;

    public FakeTimeProvider Clock { get; } = new(Start);

    public DatabaseProvider Provider { get; }

    public ServiceProvider Services { get; }

    public string DatabaseFile { get; }

    public static async Task<TestDatabase> CreateAsync(IReadOnlyDictionary<string, string?>? settings = null, DatabaseProvider provider = DatabaseProvider.Sqlite)
    {
        var postgres = provider == DatabaseProvider.PostgreSql ? await PostgresServer.CreateDatabaseAsync() : null;
        var database = new TestDatabase(settings, provider, postgres);
        await using var scope = database.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(CancellationToken.None);
        return database;
    }

    public AsyncServiceScope Scope() => Services.CreateAsyncScope();

    public async Task<T> WithServiceAsync<TService, T>(Func<TService, Task<T>> use) where TService : notnull
    {
        await using var scope = Scope();
        return await use(scope.ServiceProvider.GetRequiredService<TService>());
    }

    public Task<T> KeysAsync<T>(Func<IAuthenticationKeyService, Task<T>> use) => WithServiceAsync(use);

    public async Task<ApiKeysDbContext> OpenAsync() =>
        await Services.GetRequiredService<IDbContextFactory<ApiKeysDbContext>>().CreateDbContextAsync();

    public Task<string> CreateRoleAsync(string name, bool apiCalls) => Seed.CreateRoleAsync(Services, name, apiCalls);

    public Task<string> CreateAccountAsync(string login, string displayName, params string[] roles) =>
        Seed.CreateAccountAsync(Services, login, displayName, roles);

    /// <summary>An account in a role holding "API calls" (the role is created on first use).</summary>
    public async Task<string> CreateEligibleAccountAsync(string login, string? displayName = null)
    {
        await using (var db = await OpenAsync())
        {
            if (!await db.Roles.AnyAsync(r => r.Name == "Integrations"))
            {
                await CreateRoleAsync("Integrations", apiCalls: true);
            }
        }

        return await CreateAccountAsync(login, displayName ?? login, "Integrations");
    }

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (_postgres is not null)
        {
            await PostgresServer.DropDatabaseAsync(_postgres);
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open is left for the OS to clean up with the temp folder.
        }
    }


    private sealed record FixedActor(string Name) : ICurrentActor;
}
