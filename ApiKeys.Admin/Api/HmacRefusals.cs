using ApiKeys.Admin.Security;
using ApiKeys.Domain.Hmac;
using ApiKeys.Domain.Metrics;
using Microsoft.Extensions.Options;

namespace ApiKeys.Admin.Api;

/// <summary>
/// How a refused signed call is counted and answered, the same whether the HMAC scheme refused it or
/// <see cref="UnknownKeyRefusal"/> did ahead of the pipeline: the metric by reason, the audit log and the address's
/// refused-call limit, then the problem with the headers its status needs.
/// </summary>
public sealed class HmacRefusals(ApiKeysMetrics metrics, ApiFailureAudit failures, AbuseLimits limits, IOptions<HmacOptions> hmac)
{
    /// <summary>Counts the refusal. A key's own limit reached, an unreachable store or an address already refused are no new sign of abuse: they are not held against the address.</summary>
    public void Count(HttpContext context, HmacRejection rejection, string? route)
    {
        context.Features.Set(rejection);
        metrics.Refused(rejection.Failure, route);
        if (rejection.Failure is not (HmacFailure.StoreUnavailable or HmacFailure.KeyRateLimited or HmacFailure.KeyQuotaExhausted or HmacFailure.TooManyRefusedCalls))
        {
            failures.Record(context, rejection);
            limits.CountRefused(context.Request);
        }
    }

    /// <summary>The problem for a refused call; 401 says how to sign, 429 and 503 when to try again.</summary>
    public Task WriteAsync(HttpContext context, HmacRejection rejection)
    {
        var response = context.Response;
        if (rejection.StatusCode == StatusCodes.Status503ServiceUnavailable)
        {
            response.Headers.RetryAfter = "5";
        }
        else if (rejection.RetryAfterSeconds is { } retryAfter)
        {
            response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        else if (rejection.StatusCode == StatusCodes.Status401Unauthorized)
        {
            response.Headers.WWWAuthenticate = hmac.Value.ComindwareScheme.Enabled
                ? "Signature realm=\"ApiKeys\", alg=\"hmac-sha256\", HMAC realm=\"ApiKeys\""
                : "Signature realm=\"ApiKeys\", alg=\"hmac-sha256\"";
        }

        return Results.Problem(rejection.Detail, statusCode: rejection.StatusCode, title: rejection.Title, type: rejection.Type).ExecuteAsync(context);
    }
}
