namespace ApiKeys.Domain.Hmac;

/// <summary>One instance: nothing to tell.</summary>
public sealed class NoCredentialChangeChannel : ICredentialChangeChannel
{
    public string Name => "no channel";

    public Task PushAsync(string message, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task ListenAsync(Action<string> received, CancellationToken cancellationToken) => Task.Delay(Timeout.Infinite, cancellationToken);
}
