using System.Globalization;

namespace ApiKeys.Domain.Limits;

/// <summary>How many calls a key may make in all, or per day or month (UTC) when it is refilled.</summary>
public readonly record struct Quota(long Calls, QuotaRefill Refill = QuotaRefill.Never)
{
    public const long MaxCalls = 1_000_000_000_000;

    /// <summary>Why the quota is refused (no calls, or absurdly many), or null.</summary>
    public Refusal? Check() => Calls is < 1 or > MaxCalls ? new Refusal(FailureCode.InvalidQuota, MaxCalls) : null;

    /// <summary>The refill period <paramref name="now"/> falls in: days or months since 1970; 0 for a quota never refilled.</summary>
    public long PeriodOf(DateTimeOffset now) => Refill switch
    {
        QuotaRefill.Daily => now.ToUnixTimeSeconds() / 86_400,
        QuotaRefill.Monthly => ((now.UtcDateTime.Year - 1970) * 12L) + now.UtcDateTime.Month - 1,
        _ => 0,
    };

    /// <summary>When the next refill comes (null: never).</summary>
    public DateTimeOffset? NextRefill(DateTimeOffset now)
    {
        var utc = now.UtcDateTime;
        return Refill switch
        {
            QuotaRefill.Daily => new DateTimeOffset(utc.Date.AddDays(1), TimeSpan.Zero),
            QuotaRefill.Monthly => new DateTimeOffset(utc.Year, utc.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(1),
            _ => null,
        };
    }

    public override string ToString() => Refill == QuotaRefill.Never
        ? Calls.ToString(CultureInfo.InvariantCulture)
        : $"{Calls.ToString(CultureInfo.InvariantCulture)}/{RefillName(Refill)}";

    public static string RefillName(QuotaRefill refill) => refill switch
    {
        QuotaRefill.Daily => "daily",
        QuotaRefill.Monthly => "monthly",
        _ => "never",
    };

    /// <summary>Reads <c>daily</c>, <c>monthly</c> or <c>never</c> (empty: never); null when it is none of them.</summary>
    public static QuotaRefill? ParseRefill(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        null or "" or "never" or "none" => QuotaRefill.Never,
        "daily" or "day" => QuotaRefill.Daily,
        "monthly" or "month" => QuotaRefill.Monthly,
        _ => null,
    };
}

public enum QuotaRefill
{
    Never,
    Daily,
    Monthly,
}
