using System.Diagnostics;
using System.Diagnostics.Metrics;
using ApiKeys.Domain.Hmac;

namespace ApiKeys.Domain.Metrics;

/// <summary>
/// The meter <c>ApiKeys</c>: signed calls accepted and refused (<c>apikeys.calls</c>, by <c>result</c>, <c>reason</c>
/// and, at the gateway, <c>route</c>), how long verification takes (<c>apikeys.verification.duration</c>), the keys by
/// status (<c>apikeys.keys</c>), the replay store's failures (<c>apikeys.replay_store.errors</c>) and how many nonces
/// each of its writes carried (<c>apikeys.replay_store.batch_size</c>: a shared store pays a round trip per write, so
/// this says what a nonce costs). No tag ever
/// carries a token, a secret or a key's name: tags are few fixed words, so a series per key can never grow unbounded.
/// </summary>
public sealed class ApiKeysMetrics
{
    public const string MeterName = "ApiKeys";

    // Verification takes microseconds when the key is cached and a round trip when it is not.
    private static readonly double[] DurationBuckets =
        [0.000_005, 0.000_01, 0.000_025, 0.000_05, 0.000_1, 0.000_25, 0.000_5, 0.001, 0.002_5, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1];

    private readonly Counter<long> _calls;
    private readonly Histogram<double> _verification;
    private readonly Counter<long> _replayStoreErrors;
    private readonly Histogram<int> _replayBatch;

    private static readonly int[] BatchBuckets = [1, 2, 3, 5, 8, 13, 21, 34, 55, 100, 200, 500];

    public ApiKeysMetrics(IMeterFactory meters, KeyCounts keys)
    {
        var meter = meters.Create(MeterName);
        _calls = meter.CreateCounter<long>("apikeys.calls", "{call}", "Signed calls: accepted, or refused and why.");
        _verification = meter.CreateHistogram("apikeys.verification.duration", "s", "How long checking a signed call took.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        _replayStoreErrors = meter.CreateCounter<long>("apikeys.replay_store.errors", "{error}", "Writes to the shared replay store that failed (each failed its calls with 503).");
        _replayBatch = meter.CreateHistogram("apikeys.replay_store.batch_size", "{nonce}", "Nonces written to the shared replay store in one write.",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = BatchBuckets });
        meter.CreateObservableGauge("apikeys.keys", keys.Observe, "{key}", "Authentication keys by status, counted once a minute.");
    }

    public void Accepted(string? route = null)
    {
        if (route is null)
        {
            _calls.Add(1, new KeyValuePair<string, object?>("result", "accepted"));
        }
        else
        {
            _calls.Add(1, new KeyValuePair<string, object?>("result", "accepted"), new KeyValuePair<string, object?>("route", route));
        }
    }

    public void Refused(HmacFailure failure, string? route = null) => Refused(Reason(failure), route);

    /// <summary>A refusal counted under its reason (<see cref="Reason"/>: a few fixed words).</summary>
    public void Refused(string reason, string? route = null)
    {
        var tags = new TagList { { "result", "refused" }, { "reason", reason } };
        if (route is not null)
        {
            tags.Add("route", route);
        }

        _calls.Add(1, tags);
    }

    public void Verified(TimeSpan elapsed) => _verification.Record(elapsed.TotalSeconds);

    public void ReplayStoreWrote(string store, int nonces) => _replayBatch.Record(nonces, new KeyValuePair<string, object?>("store", store));

    public void ReplayStoreFailed(string store) => _replayStoreErrors.Add(1, new KeyValuePair<string, object?>("store", store));

    /// <summary>The reason a refusal is counted under: a few words an operator groups by.</summary>
    public static string Reason(HmacFailure failure) => failure switch
    {
        HmacFailure.SignatureMismatch or HmacFailure.DigestMismatch => "signature",
        HmacFailure.MissingSignature or HmacFailure.MalformedSignature or HmacFailure.SchemeDisabled or HmacFailure.BodyTooLarge => "malformed",
        HmacFailure.StaleSignature or HmacFailure.FutureSignature => "clock",
        HmacFailure.UnknownKey => "unknown-key",
        HmacFailure.ReplayedNonce => "replay",
        HmacFailure.ExpiredKey => "expired",
        HmacFailure.KeyDisabled => "disabled",
        HmacFailure.AccountNotEligible => "not-eligible",
        HmacFailure.StoreUnavailable => "unavailable",
        HmacFailure.TooManyRefusedCalls => "too-many-refused",
        HmacFailure.KeyOutOfScope => "scope",
        HmacFailure.KeyAddressNotAllowed => "address",
        HmacFailure.KeyRateLimited => "rate",
        HmacFailure.KeyQuotaExhausted => "quota",
        _ => "other",
    };
}
