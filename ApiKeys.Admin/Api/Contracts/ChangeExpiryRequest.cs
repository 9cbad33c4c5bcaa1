namespace ApiKeys.Admin.Api.Contracts;

/// <summary>A new expiry; <c>version</c> is the key's version as last read, so a concurrent change is not overwritten.</summary>
public sealed record ChangeExpiryRequest(DateTimeOffset ExpiresAt, Guid Version);
