namespace ApiKeys.Admin.Api.Contracts;

/// <summary>A key's rate limit: <c>limit</c> calls per <c>per</c> (<c>second</c>, <c>minute</c> or <c>hour</c>), counted in fixed windows (UTC).</summary>
public sealed record RateLimitBody(int Limit, string Per);
