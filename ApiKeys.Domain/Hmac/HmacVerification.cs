namespace ApiKeys.Domain.Hmac;

/// <summary>The outcome of a verification: the key that signed the request, or why it was refused.</summary>
public readonly record struct HmacVerification(KeyCredential? Credential, HmacRejection? Rejection)
{
    public static implicit operator HmacVerification(HmacRejection rejection) => new(null, rejection);
}
