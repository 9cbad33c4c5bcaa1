namespace ApiKeys.Domain.Hmac;

/// <summary>The outcome of a verification: the key that signed the request, or why it was refused.</summary>
public readonly record struct HmacVerification(KeyCredential? Credential, HmacRejection? Rejection)
{
    /// <summary>For an accepted call of a key with a rate limit or a quota: where it stands now, for the response's <c>RateLimit</c> fields.</summary>
    public Limits.LimitStanding? Limits { get; init; }

    public static implicit operator HmacVerification(HmacRejection rejection) => new(null, rejection);
}
