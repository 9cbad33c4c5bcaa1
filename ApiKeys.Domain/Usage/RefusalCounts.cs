using ApiKeys.Domain.Hmac;

namespace ApiKeys.Domain.Usage;

/// <summary>
/// A key's refused calls by reason: a bad, malformed or mistimed signature; a replayed nonce; a scope the key lacks;
/// an address it may not call from; its rate limit; its quota. The rest of the refused calls (a disabled or expired
/// key, an account that may not use the API) are <see cref="Other"/>.
/// </summary>
public readonly record struct RefusalCounts(long Signature, long Replay, long Scope, long Address, long Rate, long Quota)
{
    /// <summary>How many reasons are counted apart.</summary>
    public const int Count = 6;

    public long Other(long refused) => Math.Max(0, refused - Signature - Replay - Scope - Address - Rate - Quota);

    public static RefusalCounts operator +(RefusalCounts a, RefusalCounts b) =>
        new(a.Signature + b.Signature, a.Replay + b.Replay, a.Scope + b.Scope, a.Address + b.Address, a.Rate + b.Rate, a.Quota + b.Quota);

    /// <summary>The reason's index (0 to <see cref="Count"/> - 1), or -1 for the rest.</summary>
    public static int IndexOf(HmacFailure failure) => failure switch
    {
        HmacFailure.SignatureMismatch or HmacFailure.DigestMismatch or HmacFailure.MalformedSignature
            or HmacFailure.StaleSignature or HmacFailure.FutureSignature => 0,
        HmacFailure.ReplayedNonce => 1,
        HmacFailure.KeyOutOfScope => 2,
        HmacFailure.KeyAddressNotAllowed => 3,
        HmacFailure.KeyRateLimited => 4,
        HmacFailure.KeyQuotaExhausted => 5,
        _ => -1,
    };

    public static RefusalCounts From(ReadOnlySpan<long> counts) => new(counts[0], counts[1], counts[2], counts[3], counts[4], counts[5]);
}
