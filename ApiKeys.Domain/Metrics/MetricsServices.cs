using Microsoft.Extensions.DependencyInjection;

namespace ApiKeys.Domain.Metrics;

/// <summary>The <c>ApiKeys</c> meter's instruments; exporting them is the host's choice (the web app scrapes and pushes).</summary>
public static class MetricsServices
{
    public static IServiceCollection AddApiKeysMetrics(this IServiceCollection services)
    {
        services.AddMetrics();
        services.AddSingleton<KeyCounts>();
        services.AddSingleton<ApiKeysMetrics>();
        services.AddHostedService<KeyCountsRefresher>();
        return services;
    }
}
