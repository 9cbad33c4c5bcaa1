using ApiKeys.Domain;
using ApiKeys.Domain.Keys;
using ApiKeys.Domain.Limits;

namespace ApiKeys.Admin.Api.Contracts;

/// <summary>The limits fields a request and a response share: <c>allowFrom</c>, <c>rateLimit</c> and <c>quota</c>.</summary>
internal static class KeyLimitsBody
{
    /// <summary>
    /// The limits a request sets, or null when it names none of them (an update then leaves them as they are); a limit
    /// left out of a request that names another is lifted. A rate's <c>per</c> or a quota's <c>refill</c> that is no such
    /// word is refused with the field's message.
    /// </summary>
    public static (KeyLimits? Limits, Refusal? Refusal) From(IReadOnlyList<string>? allowFrom, RateLimitBody? rate, QuotaBody? quota)
    {
        if (allowFrom is null && rate is null && quota is null)
        {
            return (null, null);
        }

        RateLimit? rateLimit = null;
        if (rate is not null)
        {
            if (RateLimit.Parse($"{rate.Limit}/{rate.Per}") is not { } parsed)
            {
                return (null, new Refusal(FailureCode.InvalidRateLimit, RateLimit.MaxCalls));
            }

            rateLimit = parsed;
        }

        Domain.Limits.Quota? quotaLimit = null;
        if (quota is not null)
        {
            if (Domain.Limits.Quota.ParseRefill(quota.Refill) is not { } refill)
            {
                return (null, new Refusal(FailureCode.InvalidQuota, Domain.Limits.Quota.MaxCalls));
            }

            quotaLimit = new Domain.Limits.Quota(quota.Limit, refill);
        }

        return (new KeyLimits(allowFrom ?? [], rateLimit, quotaLimit), null);
    }

    public static RateLimitBody? RateOf(AuthenticationKeyRow key) =>
        key.Limits?.Rate is { } rate ? new RateLimitBody(rate.Calls, rate.Per.ToString().ToLowerInvariant()) : null;

    public static QuotaBody? QuotaOf(AuthenticationKeyRow key) =>
        key.Limits?.Quota is { } quota ? new QuotaBody(quota.Calls, quota.Refill == QuotaRefill.Never ? null : Domain.Limits.Quota.RefillName(quota.Refill), key.QuotaLeft) : null;
}
