namespace ApiKeys.Domain.Hmac;

/// <summary>A nonce a key has used, kept until its signature could no longer be fresh.</summary>
public sealed class UsedNonce
{
    public string Token { get; set; } = "";

    public string Nonce { get; set; } = "";

    public DateTimeOffset RememberUntil { get; set; }
}
