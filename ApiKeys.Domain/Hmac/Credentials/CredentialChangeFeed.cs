using Microsoft.Extensions.Hosting;
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

/// <summary>Where instances push credential changes to each other: Redis pub/sub, PostgreSQL NOTIFY, or nowhere.</summary>
public interface ICredentialChangeChannel
{
    string Name { get; }

    /// <summary>Sends one message (see <see cref="CredentialChangeMessages"/>) to every instance listening.</summary>
    Task PushAsync(string message, CancellationToken cancellationToken);

    /// <summary>Hands every message pushed by any instance to <paramref name="received"/> until cancelled or the connection fails.</summary>
    Task ListenAsync(Action<string> received, CancellationToken cancellationToken);
}

/// <summary>One instance: nothing to tell.</summary>
public sealed class NoCredentialChangeChannel : ICredentialChangeChannel
{
    public string Name => "no channel";

    public Task PushAsync(string message, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task ListenAsync(Action<string> received, CancellationToken cancellationToken) => Task.Delay(Timeout.Infinite, cancellationToken);
}

/// <summary>Messages of changes, one per line, each at most <see cref="MaxLength"/> characters (PostgreSQL's NOTIFY takes 8,000 bytes).</summary>
public static class CredentialChangeMessages
{
    public const int MaxLength = 7_000;

    public static IEnumerable<string> Write(IReadOnlyList<CredentialChange> changes)
    {
        var message = new System.Text.StringBuilder();
        foreach (var change in changes)
        {
            var line = change.ToString();
            if (message.Length > 0 && message.Length + 1 + line.Length > MaxLength)
            {
                yield return message.ToString();
                message.Clear();
            }

            message.Append(message.Length > 0 ? "\n" : "").Append(line);
        }

        if (message.Length > 0)
        {
            yield return message.ToString();
        }
    }

    /// <summary>The changes a message carries; a line that is not a change makes everything stale, to be safe.</summary>
    public static IReadOnlyList<CredentialChange> Read(string message) =>
        [.. message.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => CredentialChange.TryParse(line, out var change) ? change : CredentialChange.Everything)];
}

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
