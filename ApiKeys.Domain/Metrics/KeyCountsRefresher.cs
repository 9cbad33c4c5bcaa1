using ApiKeys.Domain.Keys;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ApiKeys.Domain.Metrics;

/// <summary>Counts the keys by status once a minute for the <c>apikeys.keys</c> gauge; a failed count keeps the last one.</summary>
public sealed partial class KeyCountsRefresher(IServiceScopeFactory scopes, KeyCounts counts, TimeProvider time, ILogger<KeyCountsRefresher> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                counts.Update(await scope.ServiceProvider.GetRequiredService<IAuthenticationKeyService>().CountByStatusAsync(stoppingToken));
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogCountFailed(logger, exception);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The keys could not be counted for the apikeys.keys gauge; it shows the last count.")]
    private static partial void LogCountFailed(ILogger logger, Exception exception);
}
