using ApiKeys.Domain.Keys;

namespace ApiKeys.Admin.Api.Contracts;

/// <summary>An authentication key as the API shows it, with the scopes it may call (empty: every route); never the secret.</summary>
public sealed record KeyResponse(
    Guid Id, string Name, string? Description, string Token, AccountRef Account, DateTimeOffset CreatedAt, string CreatedBy,
    DateTimeOffset ExpiresAt, DateTimeOffset? LastUsedAt, KeyStatus Status, Guid Version, Guid? RolledFrom, Guid? RolledTo, IReadOnlyList<string> Scopes)
{
    public static KeyResponse From(AuthenticationKeyRow key) => new(
        key.Id, key.Name, key.Description, key.Token, new AccountRef(key.AccountId, key.AccountLogin, key.AccountDisplayName), key.CreatedAt, key.CreatedBy,
        key.ExpiresAt, key.LastUsedAt, key.Status, key.Version, key.RolledFromId, key.RolledToId, key.Scopes);
}
