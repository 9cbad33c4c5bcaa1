using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ApiKeys.Domain.Hmac;

/// <summary>
/// Confirms the credential cache against the change log twice per revocation bound, and loads the token fingerprints
/// when the cache needs them (at start, and after changes were missed) without holding up the confirmations.
/// </summary>
public sealed partial class CredentialCacheRefresher(
    CredentialCache cache,
    TimeProvider time,
    IOptions<HmacOptions> options,
    ILogger<CredentialCacheRefresher> logger) : BackgroundService
{
    private Task _knownTokens = Task.CompletedTask;

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

                if (cache.NeedsKnownTokens && _knownTokens.IsCompleted)
                {
                    _knownTokens = LoadKnownTokensAsync(stoppingToken);
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

    private async Task LoadKnownTokensAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.Yield();
            await cache.LoadKnownTokensAsync(stoppingToken);
        }
        catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
        {
            LogKnownTokensFailed(logger, exception); // tried again at the next confirmation
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The credential cache cannot reach the database; signed requests are checked against the database directly until it can.")]
    private static partial void LogFailing(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "The credential cache reaches the database again.")]
    private static partial void LogRecovered(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not load the token fingerprints; unknown keyids are looked up in the database until they are.")]
    private static partial void LogKnownTokensFailed(ILogger logger, Exception exception);
}
