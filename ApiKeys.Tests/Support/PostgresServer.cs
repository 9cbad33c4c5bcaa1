using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace ApiKeys.Tests.Support;

/// <summary>
/// A real PostgreSQL server for the tests: the one CI started (<c>APIKEYS_TEST_POSTGRES</c>), or one started here with
/// scripts/postgres.sh. A test that cannot get a server fails with the reason; it is never skipped.
/// </summary>
public static class PostgresServer
{
    private static readonly Lazy<Task<string>> Shared = new(StartSharedAsync);

    /// <summary>A new, empty database on the shared server.</summary>
    public static async Task<string> CreateDatabaseAsync()
    {
        var admin = await Shared.Value;
        var name = $"apikeys_{Guid.NewGuid():n}"[..24];
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(admin) { Database = name }.ToString();
    }

    public static async Task DropDatabaseAsync(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(await Shared.Value);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {builder.Database} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    /// <summary>A server of the test's own, which it may stop and start again.</summary>
    public static async Task<PrivateServer> StartPrivateAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), "apikeys-tests", $"pg-{Guid.NewGuid():n}");
        var connectionString = await ScriptAsync("start", folder, FreePort().ToString());
        return new PrivateServer(folder, connectionString);
    }

    private static async Task<string> StartSharedAsync()
    {
        if (Environment.GetEnvironmentVariable("APIKEYS_TEST_POSTGRES") is { Length: > 0 } configured)
        {
            return configured;
        }

        var server = await StartPrivateAsync();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.StopAsync().GetAwaiter().GetResult();
        return server.ConnectionString;
    }

    internal static async Task<string> ScriptAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "scripts", "postgres.sh"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode == 0
            ? (await output).Trim()
            : throw new InvalidOperationException(
                $"PostgreSQL could not be {arguments[0]}ed for the tests (scripts/postgres.sh exit {process.ExitCode}): {await error} " +
                "Install Debian's postgresql package or set APIKEYS_TEST_POSTGRES to a server's connection string.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public sealed class PrivateServer(string folder, string connectionString) : IAsyncDisposable
    {
        public string ConnectionString { get; } = connectionString;

        public async Task StopAsync()
        {
            NpgsqlConnection.ClearAllPools();
            await ScriptAsync("stop", folder);
        }

        public Task StartAgainAsync() => ScriptAsync("restart", folder);

        public async ValueTask DisposeAsync()
        {
            try
            {
                await StopAsync();
            }
            catch (InvalidOperationException)
            {
                // Already stopped.
            }
        }
    }
}
