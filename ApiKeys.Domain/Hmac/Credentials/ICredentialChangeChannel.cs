namespace ApiKeys.Domain.Hmac;

/// <summary>Where instances push credential changes to each other: Redis pub/sub, PostgreSQL NOTIFY, or nowhere.</summary>
public interface ICredentialChangeChannel
{
    string Name { get; }

    /// <summary>Sends one message (see <see cref="CredentialChangeMessages"/>) to every instance listening.</summary>
    Task PushAsync(string message, CancellationToken cancellationToken);

    /// <summary>Hands every message pushed by any instance to <paramref name="received"/> until cancelled or the connection fails.</summary>
    Task ListenAsync(Action<string> received, CancellationToken cancellationToken);
}
