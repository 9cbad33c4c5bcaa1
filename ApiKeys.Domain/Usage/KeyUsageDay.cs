namespace ApiKeys.Domain.Usage;

/// <summary>One day's calls (in the zone the report was asked in, UTC unless said) with one key, the refused ones also by reason.</summary>
public sealed record KeyUsageDay(DateOnly Day, long Accepted, long Refused, RefusalCounts Reasons = default);
