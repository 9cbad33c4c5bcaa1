using ApiKeys.Domain.Keys;

namespace ApiKeys.Domain.Usage;

/// <summary>
/// A key's calls per day over the last days (the asker's days, UTC unless said; the oldest first, today last; days without calls hold zeros), and
/// when, from where and with which client it was last used.
/// </summary>
public sealed record KeyUsageReport(IReadOnlyList<KeyUsageDay> Days, DateTimeOffset? LastUsedAt, string? LastClientAddress, string? LastUserAgent)
{
    /// <summary>How many days the report may cover: the counts are kept <see cref="AuthenticationKeyOptions.UsageRetention"/> (90 days by default).</summary>
    public const int MaxDays = 90;

    public long Accepted => Days.Sum(d => d.Accepted);

    public long Refused => Days.Sum(d => d.Refused);

    public RefusalCounts Reasons => Days.Aggregate(default(RefusalCounts), (sum, d) => sum + d.Reasons);
}
