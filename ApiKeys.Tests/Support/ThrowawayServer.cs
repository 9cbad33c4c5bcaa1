using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ApiKeys.Tests.Support;

/// <summary>
/// A database server started for the tests by one of the repository's scripts (scripts/postgres.sh, scripts/redis.sh),
/// which a test may stop and start again; the scripts install Debian's package when it is missing.
/// </summary>
public sealed class ThrowawayServer : IAsyncDisposable
{
    private readonly string _script;
    private readonly string _folder;
    private readonly Action? _beforeStop;

    private ThrowawayServer(string script, string folder, string connectionString, Action? beforeStop) =>
        (_script, _folder, ConnectionString, _beforeStop) = (script, folder, connectionString, beforeStop);

    public string ConnectionString { get; }

    /// <summary>Starts a server of its own on a free port with <c>scripts/&lt;script&gt; start</c>.</summary>
    public static async Task<ThrowawayServer> StartAsync(string script, string hint, Action? beforeStop = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), "apikeys-tests", $"{Path.GetFileNameWithoutExtension(script)}-{Guid.NewGuid():n}");
        var connectionString = await RunAsync(script, hint, environment, "start", folder, FreePort().ToString());
        return new ThrowawayServer(script, folder, connectionString, beforeStop);
    }

    /// <summary>The server CI started (named by <paramref name="variable"/>), or one started for this test run and stopped at its end.</summary>
    public static async Task<string> SharedAsync(string variable, string script, string hint)
    {
        if (Environment.GetEnvironmentVariable(variable) is { Length: > 0 } configured)
        {
            return configured;
        }

        var server = await StartAsync(script, hint);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.StopAsync().GetAwaiter().GetResult();
        return server.ConnectionString;
    }

    public async Task StopAsync()
    {
        _beforeStop?.Invoke();
        await RunAsync(_script, "", null, "stop", _folder);
    }

    public async Task StartAgainAsync() => await RunAsync(_script, "", null, "restart", _folder);

    /// <summary>Stops the server as a crash would (PostgreSQL only): its next start recovers from the log.</summary>
    public async Task CrashAsync()
    {
        _beforeStop?.Invoke();
        await RunAsync(_script, "", null, "crash", _folder);
    }

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

    private static async Task<string> RunAsync(string script, string hint, IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "scripts", script));
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
            : throw new InvalidOperationException($"scripts/{script} {arguments[0]} failed (exit {process.ExitCode}): {await error} {hint}");
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
