namespace ApiKeys.Domain.Hmac;

/// <summary>A failed verification: the check and a sentence for the caller (never a secret or a signature).</summary>
public sealed record HmacRejection(HmacFailure Failure, string Detail)
{
    /// <summary>For a limit reached: the seconds until a call may succeed again (<c>Retry-After</c>); null when no time will do.</summary>
    public int? RetryAfterSeconds { get; init; }

    /// <summary>For a limit reached: where the key stands, for the <c>RateLimit</c> fields of the refusal.</summary>
    public Limits.LimitStanding? Limits { get; init; }

    /// <summary>The problem type URI of this failure.</summary>
    public string Type => $"urn:apikeys:problem:{Slug}";

    public string Slug => Failure switch
    {
        HmacFailure.MissingSignature => "missing-signature",
        HmacFailure.MalformedSignature => "malformed-signature",
        HmacFailure.UnknownKey => "unknown-key",
        HmacFailure.ExpiredKey => "expired-key",
        HmacFailure.KeyDisabled => "key-disabled",
        HmacFailure.StaleSignature => "stale-signature",
        HmacFailure.FutureSignature => "future-signature",
        HmacFailure.ReplayedNonce => "replayed-nonce",
        HmacFailure.DigestMismatch => "digest-mismatch",
        HmacFailure.SignatureMismatch => "signature-mismatch",
        HmacFailure.BodyTooLarge => "body-too-large",
        HmacFailure.SchemeDisabled => "scheme-disabled",
        HmacFailure.StoreUnavailable => "store-unavailable",
        HmacFailure.TooManyRefusedCalls => "too-many-refused-calls",
        HmacFailure.KeyOutOfScope => "key-out-of-scope",
        HmacFailure.KeyAddressNotAllowed => "key-address-not-allowed",
        HmacFailure.KeyRateLimited => "key-rate-limited",
        HmacFailure.KeyQuotaExhausted => "key-quota-exhausted",
        _ => "account-not-eligible",
    };

    public string Title => Failure switch
    {
        HmacFailure.MissingSignature => "Signature missing",
        HmacFailure.MalformedSignature => "Signature malformed",
        HmacFailure.UnknownKey => "Unknown key",
        HmacFailure.ExpiredKey => "Key expired",
        HmacFailure.KeyDisabled => "Key disabled",
        HmacFailure.StaleSignature => "Signature too old",
        HmacFailure.FutureSignature => "Signature from the future",
        HmacFailure.ReplayedNonce => "Nonce already used",
        HmacFailure.DigestMismatch => "Content digest mismatch",
        HmacFailure.SignatureMismatch => "Signature mismatch",
        HmacFailure.BodyTooLarge => "Body too large",
        HmacFailure.SchemeDisabled => "Scheme disabled",
        HmacFailure.StoreUnavailable => "Key store unavailable",
        HmacFailure.TooManyRefusedCalls => "Too many refused calls",
        HmacFailure.KeyOutOfScope => "Key out of scope",
        HmacFailure.KeyAddressNotAllowed => "Address not allowed for this key",
        HmacFailure.KeyRateLimited => "Key rate limit reached",
        HmacFailure.KeyQuotaExhausted => "Key quota used up",
        _ => "Account may not use the API",
    };

    /// <summary>
    /// 401 for every failure but an ineligible account, a key out of scope or called from elsewhere than its addresses
    /// (403), an oversized body (413), an unreachable database (503), and too many refused calls or a key's rate limit or
    /// quota reached (429).
    /// </summary>
    public int StatusCode => Failure switch
    {
        HmacFailure.AccountNotEligible or HmacFailure.KeyOutOfScope or HmacFailure.KeyAddressNotAllowed => 403,
        HmacFailure.BodyTooLarge => 413,
        HmacFailure.StoreUnavailable => 503,
        HmacFailure.TooManyRefusedCalls or HmacFailure.KeyRateLimited or HmacFailure.KeyQuotaExhausted => 429,
        _ => 401,
    };
}
