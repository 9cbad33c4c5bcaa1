using ApiKeys.Domain.Limits;

namespace ApiKeys.Domain.Keys;

/// <summary>
/// A key to create: the account (by login or id), when it stops working, its name (null: the suggested one), its
/// description, the scopes it may call (null or none: every route), and its limits (null: none).
/// </summary>
public sealed record KeyDraft(
    string Account, DateTimeOffset ExpiresAt, string? Name = null, string? Description = null, IReadOnlyList<string>? Scopes = null, KeyLimits? Limits = null);
