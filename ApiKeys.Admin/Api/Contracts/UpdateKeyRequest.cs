namespace ApiKeys.Admin.Api.Contracts;

/// <summary>
/// A key's new name and description (none: removed), and optionally its new expiry, scopes (an empty list: every route)
/// and limits, saved together; <c>version</c> is the key's version as last read, so a concurrent change is not
/// overwritten. The limits go as a set: naming any of <c>allowFrom</c>, <c>rateLimit</c> and <c>quota</c> sets all three
/// (one left out is lifted; <c>"allowFrom": []</c> alone lifts them all); naming none leaves them as they are. A quota
/// sent as it was keeps its calls left; a new or changed one starts full.
/// </summary>
public sealed record UpdateKeyRequest(
    string Name, string? Description, Guid Version, DateTimeOffset? ExpiresAt = null, IReadOnlyList<string>? Scopes = null,
    IReadOnlyList<string>? AllowFrom = null, RateLimitBody? RateLimit = null, QuotaBody? Quota = null);
