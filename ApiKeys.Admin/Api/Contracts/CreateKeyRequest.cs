namespace ApiKeys.Admin.Api.Contracts;

/// <summary>Create a key: the account by login (or id), when the key expires, and its name (suggested when left out) and description.</summary>
public sealed record CreateKeyRequest(string Account, DateTimeOffset ExpiresAt, string? Name = null, string? Description = null);
