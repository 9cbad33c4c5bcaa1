using ApiKeys.Domain.Usage;

namespace ApiKeys.Admin.Api.Contracts;

/// <summary>
/// Refused calls by reason: the signature (bad, malformed or mistimed), a replayed nonce, a scope the key lacks, an
/// address it may not call from, its rate limit, its quota, and any other (a disabled or expired key, an account that
/// may not use the API).
/// </summary>
public sealed record RefusalsBody(long Signature, long Replay, long Scope, long Address, long Rate, long Quota, long Other)
{
    public static RefusalsBody From(RefusalCounts counts, long refused) =>
        new(counts.Signature, counts.Replay, counts.Scope, counts.Address, counts.Rate, counts.Quota, counts.Other(refused));
}
