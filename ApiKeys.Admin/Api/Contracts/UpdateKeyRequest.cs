namespace ApiKeys.Admin.Api.Contracts;

/// <summary>
/// A key's new name and description (none: removed), and optionally its new expiry and scopes (an empty list: every
/// route), saved together; <c>version</c> is the key's version as last read, so a concurrent change is not overwritten.
/// </summary>
public sealed record UpdateKeyRequest(string Name, string? Description, Guid Version, DateTimeOffset? ExpiresAt = null, IReadOnlyList<string>? Scopes = null);
