using System.Globalization;
using System.Text;

namespace ApiKeys.Domain.Limits;

/// <summary>
/// Where a key with a rate limit or a quota stands after a call, told to the client in the <c>RateLimit-Policy</c> and
/// <c>RateLimit</c> fields of draft-ietf-httpapi-ratelimit-headers: a policy per limit (<c>q</c> calls per <c>w</c>
/// seconds), and for each the calls left (<c>r</c>) and the seconds until they are restored (<c>t</c>).
/// </summary>
public sealed record LimitStanding(RateLimit? Rate, long RateLeft, int RateReset, Quota? Quota, long QuotaLeft, int? QuotaReset)
{
    /// <summary>The <c>RateLimit-Policy</c> field: <c>"rate";q=6;w=60, "quota";q=1000;w=86400</c>.</summary>
    public string Policy()
    {
        var field = new StringBuilder();
        if (Rate is { } rate)
        {
            field.Append(CultureInfo.InvariantCulture, $"\"rate\";q={rate.Calls};w={(long)rate.Window.TotalSeconds}");
        }

        if (Quota is { } quota)
        {
            field.Append(field.Length > 0 ? ", " : "").Append(CultureInfo.InvariantCulture, $"\"quota\";q={quota.Calls}");
            if (quota.Refill == QuotaRefill.Daily)
            {
                field.Append(";w=86400");
            }
            else if (quota.Refill == QuotaRefill.Monthly)
            {
                field.Append(";w=2592000"); // a month as the draft counts windows, in seconds; the refill itself is on the 1st, UTC
            }
        }

        return field.ToString();
    }

    /// <summary>The <c>RateLimit</c> field: <c>"rate";r=5;t=42, "quota";r=999;t=3600</c>.</summary>
    public string Current()
    {
        var field = new StringBuilder();
        if (Rate is not null)
        {
            field.Append(CultureInfo.InvariantCulture, $"\"rate\";r={Math.Max(0, RateLeft)};t={RateReset}");
        }

        if (Quota is not null)
        {
            field.Append(field.Length > 0 ? ", " : "").Append(CultureInfo.InvariantCulture, $"\"quota\";r={Math.Max(0, QuotaLeft)}");
            if (QuotaReset is { } reset)
            {
                field.Append(CultureInfo.InvariantCulture, $";t={reset}");
            }
        }

        return field.ToString();
    }
}
