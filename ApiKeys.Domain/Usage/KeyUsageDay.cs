namespace ApiKeys.Domain.Usage;

/// <summary>One day's calls (UTC) with one key.</summary>
public sealed record KeyUsageDay(DateOnly Day, long Accepted, long Refused);
