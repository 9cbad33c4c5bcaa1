using ApiKeys.Domain.Limits;

namespace ApiKeys.Domain.Keys;

/// <summary>
/// What an edit changes about a key: its name, its description, its expiry, its scopes, its limits; a null leaves that
/// part as it is, an empty description removes it, no scopes opens every route, and <see cref="KeyLimits.None"/> lifts
/// every limit. Saved together, with one version check and an audit entry per part changed.
/// </summary>
public sealed record KeyUpdate(
    string? Name = null, string? Description = null, DateTimeOffset? ExpiresAt = null, IReadOnlyList<string>? Scopes = null, KeyLimits? Limits = null)
{
    /// <summary>A new name and description (none: the description is removed).</summary>
    public static KeyUpdate Naming(string name, string? description) => new(name, description ?? "");

    public static KeyUpdate Expiry(DateTimeOffset expiresAt) => new(ExpiresAt: expiresAt);

    /// <summary>New scopes (none: every route).</summary>
    public static KeyUpdate Scoped(IReadOnlyList<string> scopes) => new(Scopes: scopes);

    /// <summary>New limits (<see cref="KeyLimits.None"/>: none).</summary>
    public static KeyUpdate Limited(KeyLimits limits) => new(Limits: limits);
}
