namespace ApiKeys.Admin.Api.Contracts;

/// <summary>
/// Create a key: the account by login (or id), when the key expires, its name (suggested when left out) and description,
/// and the scopes it may call (left out or empty: every route; "apikeys" is ApiKeys' own API).
/// </summary>
public sealed record CreateKeyRequest(string Account, DateTimeOffset ExpiresAt, string? Name = null, string? Description = null, IReadOnlyList<string>? Scopes = null);
