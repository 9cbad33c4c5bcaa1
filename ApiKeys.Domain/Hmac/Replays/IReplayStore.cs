namespace ApiKeys.Domain.Hmac;

/// <summary>Remembers which nonces each key has used, so a signed request is accepted only once.</summary>
public interface IReplayStore
{
    /// <summary>
    /// When this store started remembering, if it forgets on a restart (the memory store): a signature created before
    /// then could be a replay it cannot know of, and is refused. Null for the stores that outlive the app.
    /// </summary>
    DateTimeOffset? RemembersSince => null;

    /// <summary>Records the nonce; false when it was already recorded and is still remembered.</summary>
    ValueTask<bool> TryRememberAsync(string token, string nonce, DateTimeOffset rememberUntil, CancellationToken cancellationToken);
}
