namespace ApiKeys.Admin.Api.Contracts;

/// <summary>
/// A key's quota: <c>limit</c> calls in all, or per day or month (UTC) with <c>refill</c> <c>daily</c> or <c>monthly</c>;
/// <c>remaining</c> is what is left now (read only: a new or changed quota starts full).
/// </summary>
public sealed record QuotaBody(long Limit, string? Refill = null, long? Remaining = null);
