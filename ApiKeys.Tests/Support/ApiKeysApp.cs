using System.Net;
using ApiKeys.Client;
using ApiKeys.Domain;
using ApiKeys.Domain.Keys;
using ApiKeys.Domain.Storage;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ApiKeys.Tests.Support;

/// <summary>The whole app on real Kestrel on loopback, with its own SQLite file.</summary>
public class ApiKeysApp : WebApplicationFactory<Program>
{
    public const string AdminPassword = "Test-admin-password-1";

    private readonly string _folder;
    private readonly bool _ownsFolder;
    private readonly Dictionary<string, string?> _settings;
    private readonly string? _postgres;

    public ApiKeysApp()
        : this(null)
    {
    }

    /// <param name="gatewayPort">A second port, the gateway's (<c>Gateway:Port</c>), beside the admin's.</param>
    internal ApiKeysApp(IReadOnlyDictionary<string, string?>? settings, string? folder = null, string? postgres = null, int? gatewayPort = null)
    {
        _postgres = postgres;
        _ownsFolder = folder is null;
        _folder = folder ?? Path.Combine(Path.GetTempPath(), "apikeys-tests", Guid.NewGuid().ToString("n"));
        Directory.CreateDirectory(_folder);
        _settings = new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["ConnectionStrings:ApiKeys"] = $"Data Source={Path.Combine(_folder, "apikeys.db")}",
            ["Bootstrap:AdminPassword"] = AdminPassword,

            // Tests sign in and send refused calls from one address far faster than people do; RateLimitTests turn them on.
            ["RateLimits:SignInPerAddress:PermitLimit"] = "0",
            ["RateLimits:SignInPerLogin:PermitLimit"] = "0",
            ["RateLimits:RefusedApiCallsPerAddress:PermitLimit"] = "0",

            // Usage and "last used" are written in batches; tests read them back sooner than a person would.
            ["Authentication:Hmac:UsageFlushInterval"] = "00:00:00.2",
        };
        if (postgres is not null)
        {
            _settings["Database:Provider"] = "PostgreSql";
            _settings["ConnectionStrings:ApiKeys"] = postgres;
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            _settings[key] = value;
        }

        if (gatewayPort is { } port)
        {
            _settings["Gateway:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        UseKestrel(options =>
        {
            options.Listen(IPAddress.Loopback, 0);
            if (gatewayPort is { } gateway)
            {
                options.Listen(IPAddress.Loopback, gateway);
            }
        });
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Select(a => new Uri(a)).ToList();
        BaseAddress = addresses.First(a => a.Port != gatewayPort);
        GatewayAddress = gatewayPort is null ? BaseAddress : addresses.First(a => a.Port == gatewayPort);
    }

    public Uri BaseAddress { get; }

    /// <summary>Where the gateway answers: its own port when the app was given one, else <see cref="BaseAddress"/>.</summary>
    public Uri GatewayAddress { get; }

    public CapturingLoggerProvider Logs { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.AddProvider(Logs));
    }

    /// <summary>A client that signs with the key, over a real socket.</summary>
    public HttpClient SignedClient(CreatedKey key, DelegatingHandler? afterSigning = null, IPAddress? from = null) =>
        SignedClient(new HmacCredentials(key.Key.Token, key.Secret), afterSigning, from);

    /// <summary>A client that signs every request; <paramref name="from"/> another loopback address (127.0.0.2, …) to call as another machine would.</summary>
    public HttpClient SignedClient(HmacCredentials credentials, DelegatingHandler? afterSigning = null, IPAddress? from = null)
    {
        HttpMessageHandler inner = From(from);
        if (afterSigning is not null)
        {
            afterSigning.InnerHandler = inner;
            inner = afterSigning;
        }

        return new HttpClient(new HmacSigningHandler(credentials) { InnerHandler = inner }) { BaseAddress = BaseAddress };
    }

    public HttpClient PlainClient(IPAddress? from = null) => new(From(from)) { BaseAddress = BaseAddress };

    /// <summary>Connections from the given local address (any of 127.0.0.0/8 is this machine), or the usual one.</summary>
    private static SocketsHttpHandler From(IPAddress? address) => address is null ? new SocketsHttpHandler() : new SocketsHttpHandler
    {
        ConnectCallback = async (context, cancellationToken) =>
        {
            var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp) { NoDelay = true };
            try
            {
                socket.Bind(new IPEndPoint(address, 0));
                await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };

    public async Task<T> WithAsync<TService, T>(Func<TService, Task<T>> use) where TService : notnull
    {
        await using var scope = Services.CreateAsyncScope();
        return await use(scope.ServiceProvider.GetRequiredService<TService>());
    }

    public async Task<ApiKeysDbContext> OpenDatabaseAsync() =>
        await Services.GetRequiredService<IDbContextFactory<ApiKeysDbContext>>().CreateDbContextAsync();

    public Task<string> CreateRoleAsync(string name, bool apiCalls) => Seed.CreateRoleAsync(Services, name, apiCalls);

    public Task<string> CreateAccountAsync(string login, string displayName, params string[] roles) =>
        Seed.CreateAccountAsync(Services, login, displayName, roles);

    public async Task<CreatedKey> CreateKeyAsync(string login, TimeSpan? validFor = null)
    {
        var created = await WithAsync<IAuthenticationKeyService, Result<CreatedKey>>(keys =>
            keys.CreateAsync(login, DateTimeOffset.UtcNow + (validFor ?? TimeSpan.FromDays(30)), CancellationToken.None));
        Assert.True(created.Succeeded, created.Failure?.Message);
        return created.Value!;
    }

    public string Folder => _folder;

    /// <summary>The app on a new database of the shared PostgreSQL server.</summary>
    public static async Task<ApiKeysApp> OnPostgresAsync(IReadOnlyDictionary<string, string?>? settings = null) =>
        new(settings, postgres: await PostgresServer.CreateDatabaseAsync());

    /// <summary>
    /// Two instances on one new database of the shared PostgreSQL server, as behind a load balancer, with the system
    /// role "Integrations" (API calls) and the account integration.bot in it.
    /// </summary>
    public static async Task<(ApiKeysApp A, ApiKeysApp B)> PairOnPostgresAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var database = await PostgresServer.CreateDatabaseAsync();
        var a = new ApiKeysApp(settings, postgres: database);
        var b = new ApiKeysApp(settings, postgres: database);
        await a.CreateRoleAsync("Integrations", apiCalls: true);
        await a.CreateAccountAsync("integration.bot", "Integration bot", "Integrations");
        return (a, b);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (!_ownsFolder)
        {
            return;
        }

        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean with the temp folder.
        }
    }
}

/// <summary>The app on a new database of the shared PostgreSQL server, as a class fixture.</summary>
public sealed class PostgresApp() : ApiKeysApp(null, postgres: PostgresServer.CreateDatabaseAsync().GetAwaiter().GetResult());
