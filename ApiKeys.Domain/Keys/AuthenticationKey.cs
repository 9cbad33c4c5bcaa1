using ApiKeys.Domain.Accounts;

namespace ApiKeys.Domain.Keys;

/// <summary>An authentication key: the token and secret with which an external system signs API calls for an account.</summary>
public sealed class AuthenticationKey
{
    public Guid Id { get; set; }

    /// <summary>Public identifier sent with every signed request (the <c>keyid</c>).</summary>
    public string Token { get; set; } = "";

    /// <summary>The HMAC secret, encrypted with Data Protection; never the plaintext.</summary>
    public string ProtectedSecret { get; set; } = "";

    public string AccountId { get; set; } = "";

    public Account? Account { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public string CreatedBy { get; set; } = "";

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? LastUsedAt { get; set; }

    /// <summary>Disabled by an administrator: refused like a deleted key until enabled again.</summary>
    public bool IsDisabled { get; set; }

    /// <summary>Concurrency token: changes on every update so a stale edit is detected.</summary>
    public Guid Version { get; set; }
}
