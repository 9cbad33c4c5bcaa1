using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ApiKeys.Domain.Hmac;

/// <summary>Listens on the channel for the app's life, applying what other instances push; reconnects after a failure.</summary>
public sealed partial class CredentialChangeListener(
    ICredentialChangeChannel channel,
    CredentialCache cache,
    ILogger<CredentialChangeListener> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failing = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await channel.ListenAsync(message =>
                {
                    if (failing)
                    {
                        LogRecovered(logger, channel.Name);
                        failing = false;
                    }

                    cache.Apply(CredentialChangeMessages.Read(message));
                }, stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                if (!failing)
                {
                    LogFailing(logger, channel.Name, exception);
                    failing = true;
                }

                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Not listening for credential changes through {Channel}; they are seen at each reading of the change log until it works again.")]
    private static partial void LogFailing(ILogger logger, string channel, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Listening for credential changes through {Channel} again.")]
    private static partial void LogRecovered(ILogger logger, string channel);
}
