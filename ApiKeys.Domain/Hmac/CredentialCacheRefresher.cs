using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ApiKeys.Domain.Hmac;

/// <summary>Confirms the credential cache against the database twice per revocation bound.</summary>
public sealed partial class CredentialCacheRefresher(
    CredentialCache cache,
    TimeProvider time,
    IOptions<HmacOptions> options,
    ILogger<CredentialCacheRefresher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RevocationBound / 2, time);
        var failing = false;
        do
        {
            try
            {
                await cache.ConfirmAsync(stoppingToken);
                if (failing)
                {
                    LogRecovered(logger);
                    failing = false;
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                if (!failing)
                {
                    LogFailing(logger, exception);
                    failing = true;
                }
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The credential cache cannot reach the database; signed requests are checked against the database directly until it can.")]
    private static partial void LogFailing(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "The credential cache reaches the database again.")]
    private static partial void LogRecovered(ILogger logger);
}
