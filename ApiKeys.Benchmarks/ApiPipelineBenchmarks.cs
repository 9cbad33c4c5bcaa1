extern alias admin;
using System.Text.Json;
using ApiKeys.Client;
using ApiKeys.Domain.Hmac;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;

namespace ApiKeys.Benchmarks;

/// <summary>
/// The app's whole request pipeline in process, without sockets: a signed <c>GET /api/v1/account</c> against its
/// unauthenticated twin (<c>LoadTest:Enabled</c>). Both sign a fresh request first and send the same headers, so the
/// difference between the two is exactly what HMAC authentication and authorization cost a request.
/// </summary>
[MemoryDiagnoser]
public class ApiPipelineBenchmarks
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "apikeys-bench", Guid.NewGuid().ToString("n"));
    private readonly Dictionary<string, string?> _settings = [];
    private WebApplicationFactory<admin::Program> _app = null!;
    private TestServer _server = null!;
    private HmacCredentials _credentials = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        Directory.CreateDirectory(_folder);
        var settings = new Dictionary<string, string?>
        {
            ["Database__Provider"] = "Sqlite",
            ["ConnectionStrings__ApiKeys"] = $"Data Source={Path.Combine(_folder, "pipeline.db")}",
            ["Bootstrap__AdminPassword"] = "Benchmark-password-1",
            ["LoadTest__Enabled"] = "true",
            ["Logging__LogLevel__Default"] = "Warning",
        };
        foreach (var (name, value) in settings)
        {
            _settings[name] = Environment.GetEnvironmentVariable(name);
            Environment.SetEnvironmentVariable(name, value); // the command line below reads the same settings
        }

        await CommandAsync("roles", "create", "Integrations", "--api-calls");
        await CommandAsync("accounts", "create", "--login", "pipeline.bot", "--display-name", "Pipeline bot", "--role", "Integrations");
        using var key = JsonDocument.Parse(await CommandAsync("keys", "create", "--account", "pipeline.bot",
            "--expires", DateTimeOffset.UtcNow.AddDays(1).ToString("O"), "--json"));
        _credentials = new HmacCredentials(key.RootElement.GetProperty("token").GetString()!, key.RootElement.GetProperty("secret").GetString()!);

        _app = new WebApplicationFactory<admin::Program>().WithWebHostBuilder(host => host.UseEnvironment("Production"));
        _server = _app.Server;
        // The memory replay store refuses signatures created in the second it started (it cannot know their nonces).
        await Task.Delay(TimeSpan.FromSeconds(1.1));
        foreach (var path in new[] { "/api/load-test/account", "/api/v1/account" })
        {
            var context = await SendAsync(path);
            if (context.Response.StatusCode != StatusCodes.Status200OK)
            {
                var rejection = context.Features.Get<HmacRejection>();
                throw new InvalidOperationException($"GET {path} answered {context.Response.StatusCode}: {rejection?.Failure} {rejection?.Detail}");
            }
        }
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _app.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        foreach (var (name, value) in _settings)
        {
            Environment.SetEnvironmentVariable(name, value); // benchmarks after this one in the same process see none of it
        }
    }

    [Benchmark(Baseline = true)]
    public Task<HttpContext> Unauthenticated_twin() => SendAsync("/api/load-test/account");

    [Benchmark]
    public Task<HttpContext> Hmac_signed() => SendAsync("/api/v1/account");

    private async Task<HttpContext> SendAsync(string path)
    {
        using var signed = new HttpRequestMessage(HttpMethod.Get, "http://localhost/api/v1/account");
        await HmacSigningHandler.SignAsync(signed, _credentials, DateTimeOffset.UtcNow, MessageSignature.NewNonce());
        var input = signed.Headers.GetValues("Signature-Input").Single();
        var signature = signed.Headers.GetValues("Signature").Single();
        return await _server.SendAsync(context =>
        {
            context.Request.Method = HttpMethods.Get;
            context.Request.Host = new HostString("localhost");
            context.Request.Path = path;
            context.Features.Get<IHttpRequestFeature>()!.RawTarget = path;
            context.Request.Headers["Signature-Input"] = input;
            context.Request.Headers["Signature"] = signature;
        });
    }

    private static async Task<string> CommandAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var errors = new StringWriter();
        if (await admin::ApiKeys.Admin.CommandLine.CommandLineApp.RunAsync(args, output, errors) != 0)
        {
            throw new InvalidOperationException($"{string.Join(' ', args)}: {errors}");
        }

        return output.ToString();
    }
}
