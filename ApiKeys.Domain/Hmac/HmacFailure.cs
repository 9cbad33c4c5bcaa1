namespace ApiKeys.Domain.Hmac;

/// <summary>Which check a signed request failed; each has its own problem type and message.</summary>
public enum HmacFailure
{
    MissingSignature,
    MalformedSignature,
    UnknownKey,
    ExpiredKey,
    KeyDisabled,
    StaleSignature,
    FutureSignature,
    ReplayedNonce,
    DigestMismatch,
    SignatureMismatch,
    BodyTooLarge,
    SchemeDisabled,
    AccountNotEligible,
    StoreUnavailable,
    TooManyRefusedCalls,
    KeyOutOfScope,
    KeyAddressNotAllowed,
    KeyRateLimited,
    KeyQuotaExhausted,
}
