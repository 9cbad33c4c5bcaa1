namespace ApiKeys.Domain.Hmac;

/// <summary>Remembers which nonces each key has used, so a signed request is accepted only once.</summary>
public interface IReplayStore
{
    /// <summary>Records the nonce; false when it was already recorded and is still remembered.</summary>
    ValueTask<bool> TryRememberAsync(string token, string nonce, DateTimeOffset rememberUntil, CancellationToken cancellationToken);
}
