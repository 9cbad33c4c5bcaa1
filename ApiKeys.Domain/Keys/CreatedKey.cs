namespace ApiKeys.Domain.Keys;

/// <summary>A key just created: the only moment its plaintext secret exists outside the database.</summary>
public sealed record CreatedKey(AuthenticationKeyRow Key, string Secret);
