using System.Diagnostics;
using ApiKeys.Admin.Security;
using ApiKeys.Domain.Hmac;
using ApiKeys.Domain.Metrics;
using Microsoft.Extensions.Options;

namespace ApiKeys.Admin.Api;

/// <summary>
/// Refuses a signed API call whose keyid belongs to no key before the rest of the pipeline runs (status pages,
/// localization, authentication, authorization), so a flood of made-up keyids costs a fraction of a real call. The
/// answer, the metric, the audit entry and the address's refused-call count are the HMAC scheme's own
/// (<see cref="HmacRefusals"/>); anything the verifier cannot refuse from the headers alone goes on to it unchanged.
/// </summary>
public sealed class UnknownKeyRefusal(
    RequestDelegate next,
    HmacVerifier verifier,
    HmacRefusals refusals,
    AbuseLimits limits,
    ApiKeysMetrics metrics,
    IOptions<HmacOptions> hmac)
{
    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (context.GetEndpoint()?.Metadata.GetMetadata<HmacSigned>() is null
            || request.ContentLength > hmac.Value.MaxBodyBytes
            || (request.ContentLength is null && request.Headers.TransferEncoding.Count > 0) // a streamed body is read (and maybe refused) first
            || limits.IsRefusing(request, out _))
        {
            return next(context);
        }

        var started = Stopwatch.GetTimestamp();
        if (verifier.RefuseUnknownKey(request.Headers, hasBody: request.ContentLength > 0) is not { } rejection)
        {
            return next(context);
        }

        metrics.Verified(Stopwatch.GetElapsedTime(started));
        refusals.Count(context, rejection, route: null);
        return refusals.WriteAsync(context, rejection);
    }
}
