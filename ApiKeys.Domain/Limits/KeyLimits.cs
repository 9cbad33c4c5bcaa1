namespace ApiKeys.Domain.Limits;

/// <summary>
/// What a key may do beyond its scopes: the addresses it may call from (none: anywhere), how often (null: as often as
/// it likes) and how many calls in all or per period (null: no quota). Checked on every call it makes, on
/// <c>/api/v1</c> and every gateway route.
/// </summary>
public sealed record KeyLimits(IReadOnlyList<string> AllowFrom, RateLimit? Rate = null, Quota? Quota = null)
{
    public static readonly KeyLimits None = new([]);

    /// <summary>The limits as the key's columns hold them.</summary>
    public static KeyLimits Of(string? allowFrom, string? rate, long? quotaCalls, string? quotaRefill) => new(
        AddressRanges.Parse(allowFrom),
        RateLimit.Parse(rate),
        quotaCalls is { } calls ? new Quota(calls, global::ApiKeys.Domain.Limits.Quota.ParseRefill(quotaRefill) ?? QuotaRefill.Never) : null);

    /// <summary>The calls left of the quota at <paramref name="now"/>, from what the columns counted (a period not begun yet is full); null without a quota.</summary>
    public long? QuotaLeft(long? remaining, long? period, DateTimeOffset now) =>
        Quota is not { } quota ? null : period == quota.PeriodOf(now) ? Math.Max(0, remaining ?? 0) : quota.Calls;

    public bool IsNone => AllowFrom.Count == 0 && Rate is null && Quota is null;

    /// <summary>Why these limits are refused, naming the first part at fault, or null.</summary>
    public Refusal? Check() => AddressRanges.Check(AllowFrom) ?? Rate?.Check() ?? Quota?.Check();

    /// <summary>The same limits with the ranges in canonical form.</summary>
    public KeyLimits Normalized() => this with { AllowFrom = AddressRanges.Normalized(AllowFrom) };

    /// <summary>As the audit log says them.</summary>
    public override string ToString() => IsNone ? "none"
        : string.Join("; ", new[]
        {
            AllowFrom.Count > 0 ? $"from {string.Join(", ", AllowFrom)}" : null,
            Rate is { } rate ? $"rate {rate}" : null,
            Quota is { } quota ? $"quota {quota}" : null,
        }.OfType<string>());
}
