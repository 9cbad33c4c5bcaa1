using ApiKeys.Domain.Keys;

namespace ApiKeys.Admin.Api.Contracts;

/// <summary>The new key with its secret, which is returned only this once.</summary>
public sealed record CreatedKeyResponse(KeyResponse Key, string Secret)
{
    public static CreatedKeyResponse From(CreatedKey created) => new(KeyResponse.From(created.Key), created.Secret);
}
