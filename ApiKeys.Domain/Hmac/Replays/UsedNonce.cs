namespace ApiKeys.Domain.Hmac;

/// <summary>
/// A nonce a key has used, kept until its signature could no longer be fresh: a fingerprint of key and nonce, and
/// when it may be forgotten. That time leads the primary key, so a replay (which repeats the signature's
/// <c>created</c>) meets its first use there, and forgetting expired nonces is a range of that one index.
/// </summary>
public sealed class UsedNonce
{
    public DateTimeOffset RememberUntil { get; set; }

    /// <summary>The first 16 bytes of SHA-256 over the token, a zero byte and the nonce (<see cref="ReplayFingerprint"/>).</summary>
    public byte[] Fingerprint { get; set; } = [];
}
