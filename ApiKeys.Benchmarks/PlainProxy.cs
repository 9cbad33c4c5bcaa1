using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ApiKeys.Benchmarks;

/// <summary>
/// Plain YARP, for the gateway's load test to measure against: the same <c>ReverseProxy</c> section (from the
/// environment, as the app reads it), no authentication, nothing else on the path.
/// </summary>
public static class PlainProxy
{
    public static async Task<int> RunAsync(string urls)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(urls);
        builder.Services.AddReverseProxy().LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"));
        var app = builder.Build();
        app.MapReverseProxy();
        await app.RunAsync();
        return 0;
    }
}
