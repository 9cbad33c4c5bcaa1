using ApiKeys.Domain.Accounts;

namespace ApiKeys.Domain.Keys;

/// <summary>An authentication key: the token and secret with which an external system signs API calls for an account.</summary>
public sealed class AuthenticationKey
{
    public Guid Id { get; set; }

    /// <summary>Public identifier sent with every signed request (the <c>keyid</c>).</summary>
    public string Token { get; set; } = "";

    /// <summary>What administrators call the key, so two keys of one account can be told apart (up to 100 characters).</summary>
    public string Name
    {
        get;
        set
        {
            field = value;
            NormalizedName = value.ToUpperInvariant();
        }
    } = "";

    /// <summary>Upper-case copy of <see cref="Name"/>, so every provider can search it case-insensitively.</summary>
    public string NormalizedName { get; private set; } = "";

    /// <summary>What the key is for, optional (up to 500 characters).</summary>
    public string? Description { get; set; }

    /// <summary>The HMAC secret, encrypted with Data Protection; never the plaintext.</summary>
    public string ProtectedSecret { get; set; } = "";

    public string AccountId { get; set; } = "";

    public Account? Account { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public string CreatedBy { get; set; } = "";

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? LastUsedAt { get; set; }

    /// <summary>The address the last accepted call came from (as the server saw it, after forwarded headers).</summary>
    public string? LastClientAddress { get; set; }

    /// <summary>The User-Agent of the last accepted call, cut to <see cref="MaxUserAgentLength"/> characters.</summary>
    public string? LastUserAgent { get; set; }

    public const int MaxUserAgentLength = 256;

    /// <summary>The key this one replaced by a roll, if any.</summary>
    public Guid? RolledFromId { get; set; }

    /// <summary>The key that replaced this one by a roll, if any; this one then works only until its grace ends.</summary>
    public Guid? RolledToId { get; set; }

    /// <summary>Disabled by an administrator: refused like a deleted key until enabled again.</summary>
    public bool IsDisabled { get; set; }

    /// <summary>Concurrency token: changes on every update so a stale edit is detected.</summary>
    public Guid Version { get; set; }
}
