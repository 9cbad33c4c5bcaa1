namespace ApiKeys.Admin.Api.Contracts;

/// <summary>Calls accepted and refused (after the key was found) over the days asked for, and where the key was last used from.</summary>
public sealed record KeyUsageResponse(
    long Accepted, long Refused, RefusalsBody RefusedBy, DateTimeOffset? LastUsedAt, string? LastClientAddress, string? LastUserAgent, IReadOnlyList<KeyUsageDayResponse> Days);
