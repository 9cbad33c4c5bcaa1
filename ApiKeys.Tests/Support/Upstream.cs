using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ApiKeys.Tests.Support;

/// <summary>
/// An API behind the gateway, on real Kestrel on loopback: it answers every request with what it received (method,
/// path, query, headers, body), and remembers each request, so a test can see what reached it and what did not.
/// <c>/slow</c> answers after 5 seconds.
/// </summary>
public sealed class Upstream : IAsyncDisposable
{
    private readonly WebApplication _app;

    private Upstream(WebApplication app, Uri address) => (_app, Address) = (app, address);

    public Uri Address { get; }

    /// <summary>Every request received, in order.</summary>
    public ConcurrentQueue<Received> Requests { get; } = new();

    public sealed record Received(string Method, string Path, string Query, IReadOnlyDictionary<string, string> Headers, byte[] Body);

    public static async Task<Upstream> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        Upstream? upstream = null;
        app.Run(async context =>
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            var received = new Received(context.Request.Method, context.Request.Path, context.Request.QueryString.Value ?? "",
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase), body.ToArray());
            upstream!.Requests.Enqueue(received);
            if (context.Request.Path.StartsWithSegments("/slow"))
            {
                await Task.Delay(TimeSpan.FromSeconds(5), context.RequestAborted);
            }

            await context.Response.WriteAsJsonAsync(new { received.Method, received.Path, received.Query, received.Headers, Body = Convert.ToBase64String(received.Body) });
        });
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        upstream = new Upstream(app, address);
        return upstream;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
