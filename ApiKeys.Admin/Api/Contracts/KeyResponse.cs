using ApiKeys.Domain.Keys;

namespace ApiKeys.Admin.Api.Contracts;

/// <summary>
/// An authentication key as the API shows it, with the scopes it may call (empty: every route), the addresses it may call
/// from (empty: anywhere), its rate limit and its quota with the calls left (null: none); never the secret.
/// </summary>
public sealed record KeyResponse(
    Guid Id, string Name, string? Description, string Token, AccountRef Account, DateTimeOffset CreatedAt, string CreatedBy,
    DateTimeOffset ExpiresAt, DateTimeOffset? LastUsedAt, KeyStatus Status, Guid Version, Guid? RolledFrom, Guid? RolledTo, IReadOnlyList<string> Scopes,
    IReadOnlyList<string> AllowFrom, RateLimitBody? RateLimit, QuotaBody? Quota)
{
    public static KeyResponse From(AuthenticationKeyRow key) => new(
        key.Id, key.Name, key.Description, key.Token, new AccountRef(key.AccountId, key.AccountLogin, key.AccountDisplayName), key.CreatedAt, key.CreatedBy,
        key.ExpiresAt, key.LastUsedAt, key.Status, key.Version, key.RolledFromId, key.RolledToId, key.Scopes,
        key.Limits?.AllowFrom ?? [], KeyLimitsBody.RateOf(key), KeyLimitsBody.QuotaOf(key));
}
