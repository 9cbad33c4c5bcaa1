namespace ApiKeys.Admin.Api.Contracts;

/// <summary>
/// Create a key: the account by login (or id), when the key expires, its name (suggested when left out) and description,
/// the scopes it may call (left out or empty: every route; "apikeys" is ApiKeys' own API), and its limits: the address
/// ranges it may call from (CIDR, IPv4 or IPv6; left out: anywhere), its rate limit and its quota (left out: none).
/// </summary>
public sealed record CreateKeyRequest(
    string Account, DateTimeOffset ExpiresAt, string? Name = null, string? Description = null, IReadOnlyList<string>? Scopes = null,
    IReadOnlyList<string>? AllowFrom = null, RateLimitBody? RateLimit = null, QuotaBody? Quota = null);
