using Microsoft.Extensions.Logging;

namespace ApiKeys.Domain.Hmac;

/// <summary>
/// Carries committed credential changes: applied to this instance's cache at once, and pushed to the other instances
/// through the <see cref="ICredentialChangeChannel"/>, where the <see cref="CredentialChangeListener"/> applies them.
/// A push that is lost is caught by the change log, which every instance reads twice per revocation bound.
/// </summary>
public sealed partial class CredentialChangeFeed(CredentialCache cache, ICredentialChangeChannel channel, ILogger<CredentialChangeFeed> logger)
{
    public void Publish(IReadOnlyList<CredentialChange> changes)
    {
        cache.Apply(changes);
        _ = PushAsync(changes);
    }

    private async Task PushAsync(IReadOnlyList<CredentialChange> changes)
    {
        try
        {
            foreach (var message in CredentialChangeMessages.Write(changes))
            {
                await channel.PushAsync(message, CancellationToken.None);
            }
        }
        catch (Exception exception)
        {
            LogPushFailed(logger, channel.Name, exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not push credential changes through {Channel}; the other instances see them at their next reading of the change log.")]
    private static partial void LogPushFailed(ILogger logger, string channel, Exception exception);
}
