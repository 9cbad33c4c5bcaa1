using ApiKeys.Domain.Limits;

namespace ApiKeys.Domain.Keys;

/// <summary>One row of the keys list, with its limits and its quota's calls left; it never carries the secret.</summary>
public sealed record AuthenticationKeyRow(
    Guid Id,
    string Token,
    string AccountId,
    string AccountLogin,
    string AccountDisplayName,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? LastUsedAt,
    KeyStatus Status,
    Guid Version,
    string Name = "",
    string? Description = null,
    Guid? RolledFromId = null,
    Guid? RolledToId = null,
    string? ScopeList = null,
    KeyLimits? Limits = null,
    long? QuotaLeft = null)
{
    /// <summary>The scopes the key may call; empty for every route.</summary>
    public IReadOnlyList<string> Scopes => KeyScopes.Parse(ScopeList);
}
