using ApiKeys.Domain;
using ApiKeys.Domain.Metrics;
using Microsoft.Extensions.Options;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace ApiKeys.Admin.Operations;

/// <summary>
/// Metrics an operator can scrape: the <c>ApiKeys</c> meter, ASP.NET Core's and Kestrel's, the runtime's and Npgsql's,
/// at <c>/metrics</c> in Prometheus' text format for the addresses in <c>Metrics:AllowFrom</c>, and pushed over OTLP
/// when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set, the standard way.
/// </summary>
public static class Telemetry
{
    public const string ScrapePath = "/metrics";

    private static readonly string[] Meters =
    [
        ApiKeysMetrics.MeterName,
        "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Routing",
        "Microsoft.AspNetCore.Diagnostics", "Microsoft.AspNetCore.RateLimiting", "Microsoft.AspNetCore.Authentication",
        "Microsoft.AspNetCore.Authorization", "System.Runtime", "System.Net.Http",
    ];

    public static IServiceCollection AddTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSettings<MetricsOptions, MetricsOptionsValidator>(MetricsOptions.Section);
        var otlp = !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        if (!otlp && !configuration.GetValue(MetricsOptions.Section + ":Enabled", true))
        {
            return services; // nothing reads the meters: no listener, so recording them costs nothing
        }

        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("ApiKeys"))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(Meters).AddNpgsqlInstrumentation().AddPrometheusExporter();
                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }
            });
        return services;
    }

    /// <summary><c>/metrics</c>: anonymous, but only for the allowed addresses (403 for others); 404 when turned off.</summary>
    public static void MapMetrics(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<MetricsOptions>>().Value;
        if (!options.Enabled)
        {
            return;
        }

        app.MapPrometheusScrapingEndpoint(ScrapePath, meterProvider: null, configureBranchedPipeline: scrape => scrape.Use(async (context, next) =>
        {
            if (options.Allows(context.Connection.RemoteIpAddress))
            {
                await next(context);
                return;
            }

            await Results.Problem($"{ScrapePath} answers only the addresses in Metrics:AllowFrom.", statusCode: StatusCodes.Status403Forbidden,
                title: "Forbidden", type: "urn:apikeys:problem:forbidden").ExecuteAsync(context);
        }), optionsName: null).AllowAnonymous();
    }
}
