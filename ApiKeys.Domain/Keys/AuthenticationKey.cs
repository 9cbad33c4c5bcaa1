using ApiKeys.Domain.Accounts;
using ApiKeys.Domain.Limits;

namespace ApiKeys.Domain.Keys;

/// <summary>
/// An authentication key: the token and secret with which an external system signs API calls for an account. Its
/// rules (what a name may be, that an expiry lies ahead and within the longest lifetime, what a roll may do) are its
/// own methods; each change gives the key a new <see cref="Version"/>, so a stale edit elsewhere is refused.
/// </summary>
public sealed class AuthenticationKey
{
    public const int MaxUserAgentLength = 256;

    private AuthenticationKey()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>Public identifier sent with every signed request (the <c>keyid</c>).</summary>
    public string Token { get; private set; } = "";

    /// <summary>What administrators call the key, so two keys of one account can be told apart (up to 100 characters).</summary>
    public string Name
    {
        get;
        private set
        {
            field = value;
            NormalizedName = value.ToUpperInvariant();
        }
    } = "";

    /// <summary>Upper-case copy of <see cref="Name"/>, so every provider can search it case-insensitively.</summary>
    public string NormalizedName { get; private set; } = "";

    /// <summary>What the key is for, optional (up to 500 characters).</summary>
    public string? Description { get; private set; }

    /// <summary>The HMAC secret, encrypted with Data Protection; never the plaintext.</summary>
    public string ProtectedSecret { get; private set; } = "";

    public string AccountId { get; private set; } = "";

    public Account? Account { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public string CreatedBy { get; private set; } = "";

    /// <summary>When the key stops working: always whole seconds, in UTC.</summary>
    public DateTimeOffset ExpiresAt { get; private set; }

    public DateTimeOffset? LastUsedAt { get; private set; }

    /// <summary>The address the last accepted call came from (as the server saw it, after forwarded headers).</summary>
    public string? LastClientAddress { get; private set; }

    /// <summary>The User-Agent of the last accepted call, cut to <see cref="MaxUserAgentLength"/> characters.</summary>
    public string? LastUserAgent { get; private set; }

    /// <summary>The key this one replaced by a roll, if any.</summary>
    public Guid? RolledFromId { get; private set; }

    /// <summary>The key that replaced this one by a roll, if any; this one then works only until its grace ends.</summary>
    public Guid? RolledToId { get; private set; }

    /// <summary>Disabled by an administrator: refused like a deleted key until enabled again.</summary>
    public bool IsDisabled { get; private set; }

    /// <summary>The scopes the key may call, space-separated (<see cref="KeyScopes"/>); null for every route.</summary>
    public string? ScopeList { get; private set; }

    /// <summary>The scopes the key may call; empty for every route.</summary>
    public IReadOnlyList<string> Scopes => KeyScopes.Parse(ScopeList);

    /// <summary>The address ranges the key may call from, space-separated (<see cref="AddressRanges"/>); null for anywhere.</summary>
    public string? AllowFromList { get; private set; }

    /// <summary>How often the key may call, as <see cref="ApiKeys.Domain.Limits.RateLimit"/> writes it; null for as often as it likes.</summary>
    public string? RateLimitText { get; private set; }

    /// <summary>How many calls the quota allows per period; null for no quota.</summary>
    public long? QuotaCalls { get; private set; }

    /// <summary>When the quota is refilled: <c>daily</c>, <c>monthly</c>, or null for never.</summary>
    public string? QuotaRefillText { get; private set; }

    /// <summary>
    /// The calls left in <see cref="QuotaPeriod"/>. Spent by the call path with one atomic <c>UPDATE</c>
    /// (<see cref="KeyQuotas"/>), never through this entity; a call in a later period refills it.
    /// </summary>
    public long? QuotaRemaining { get; private set; }

    /// <summary>The refill period <see cref="QuotaRemaining"/> counts (<see cref="Quota.PeriodOf"/>).</summary>
    public long? QuotaPeriod { get; private set; }

    /// <summary>The key's limits (none: from anywhere, as often as it likes, without a quota).</summary>
    public KeyLimits Limits => KeyLimits.Of(AllowFromList, RateLimitText, QuotaCalls, QuotaRefillText);

    /// <summary>The calls left in the current period, as of <paramref name="now"/>; null without a quota.</summary>
    public long? QuotaLeft(DateTimeOffset now) => Limits.QuotaLeft(QuotaRemaining, QuotaPeriod, now);

    /// <summary>Concurrency token: changes on every update so a stale edit is detected.</summary>
    public Guid Version { get; private set; }

    public bool IsExpired(DateTimeOffset now) => ExpiresAt <= now;

    /// <summary>
    /// A new key for an account, or why not: the name (empty: refused, callers suggest one) and the description as
    /// <see cref="KeyNames"/> allows, an expiry ahead of <paramref name="now"/> and within <paramref name="lifetime"/>.
    /// </summary>
    public static (AuthenticationKey? Key, Refusal? Refusal) Create(
        string accountId, string name, string? description, DateTimeOffset expiresAt, string token, string protectedSecret,
        string createdBy, DateTimeOffset now, KeyLifetime lifetime, IReadOnlyCollection<string>? scopes = null)
    {
        expiresAt = KeyLifetime.WholeSeconds(expiresAt);
        if ((KeyNames.Check(name, description) ?? lifetime.Check(expiresAt, now) ?? KeyScopes.Check(scopes)) is { } refused)
        {
            return (null, refused);
        }

        return (new AuthenticationKey
        {
            Id = Guid.CreateVersion7(now),
            Token = token,
            Name = name.Trim(),
            Description = Described(description),
            ProtectedSecret = protectedSecret,
            AccountId = accountId,
            CreatedAt = now,
            CreatedBy = createdBy,
            ExpiresAt = expiresAt,
            ScopeList = KeyScopes.Format(scopes),
            Version = Guid.NewGuid(),
        }, null);
    }

    /// <summary>Gives the key another name and description.</summary>
    public Refusal? Rename(string name, string? description)
    {
        if (KeyNames.Check(name, description) is { } refused)
        {
            return refused;
        }

        Name = name.Trim();
        Description = Described(description);
        Touch();
        return null;
    }

    /// <summary>Moves the expiry, earlier or later, to a moment ahead of <paramref name="now"/> and within the lifetime.</summary>
    public Refusal? ChangeExpiry(DateTimeOffset expiresAt, DateTimeOffset now, KeyLifetime lifetime)
    {
        expiresAt = KeyLifetime.WholeSeconds(expiresAt);
        if (lifetime.Check(expiresAt, now) is { } refused)
        {
            return refused;
        }

        ExpiresAt = expiresAt;
        Touch();
        return null;
    }

    /// <summary>Narrows or widens what the key may call (none: every route); false when that is what it had.</summary>
    public (bool Changed, Refusal? Refusal) ChangeScopes(IReadOnlyCollection<string> scopes)
    {
        if (KeyScopes.Check(scopes) is { } refused)
        {
            return (false, refused);
        }

        var list = KeyScopes.Format(scopes);
        if (list == ScopeList)
        {
            return (false, null);
        }

        ScopeList = list;
        Touch();
        return (true, null);
    }

    /// <summary>
    /// Sets the key's limits, or says why not; false when they are what it had. A new or changed quota starts full
    /// (its calls left are the new number); a quota left as it was keeps what is left of it.
    /// </summary>
    public (bool Changed, Refusal? Refusal) ChangeLimits(KeyLimits limits, DateTimeOffset now)
    {
        if (limits.Check() is { } refused)
        {
            return (false, refused);
        }

        limits = limits.Normalized();
        var before = Limits;
        var allowFrom = AddressRanges.Format(limits.AllowFrom);
        if (allowFrom == AllowFromList && limits.Rate == before.Rate && limits.Quota == before.Quota)
        {
            return (false, null);
        }

        AllowFromList = allowFrom;
        RateLimitText = limits.Rate?.ToString();
        if (limits.Quota != before.Quota)
        {
            QuotaCalls = limits.Quota?.Calls;
            QuotaRefillText = limits.Quota is { Refill: not QuotaRefill.Never } q ? Quota.RefillName(q.Refill) : null;
            QuotaRemaining = limits.Quota?.Calls;
            QuotaPeriod = limits.Quota?.PeriodOf(now);
        }

        Touch();
        return (true, null);
    }

    /// <summary>Refused until enabled; false when it already was disabled.</summary>
    public bool Disable() => SetDisabled(true);

    /// <summary>Works again; false when it was not disabled.</summary>
    public bool Enable() => SetDisabled(false);

    /// <summary>
    /// Hands this key's work to <paramref name="replacement"/> (a new key of the same account): the two are linked both
    /// ways, and this key works on only until <paramref name="graceEnds"/>, never past its own expiry (a roll never
    /// lengthens a key's life). A key is rolled once (then its successor is); an expired or disabled key has nothing to
    /// hand over.
    /// </summary>
    public Refusal? RollTo(AuthenticationKey replacement, DateTimeOffset graceEnds)
    {
        if (replacement.AccountId != AccountId || replacement.Id == Id || replacement.RolledFromId is not null)
        {
            throw new ArgumentException("A key is replaced by a new key of its own account.", nameof(replacement));
        }

        if (RollRefusal(replacement.CreatedAt) is { } refused)
        {
            return refused;
        }

        graceEnds = KeyLifetime.WholeSeconds(graceEnds);
        ExpiresAt = graceEnds < ExpiresAt ? graceEnds : ExpiresAt;
        RolledToId = replacement.Id;
        replacement.RolledFromId = Id;
        // The successor is held to the same limits, and a quota goes on from what is left of it: a roll refills nothing.
        (replacement.AllowFromList, replacement.RateLimitText, replacement.QuotaCalls, replacement.QuotaRefillText, replacement.QuotaRemaining, replacement.QuotaPeriod) =
            (AllowFromList, RateLimitText, QuotaCalls, QuotaRefillText, QuotaRemaining, QuotaPeriod);
        Touch();
        return null;
    }

    /// <summary>Why this key cannot be rolled at <paramref name="now"/>, or null: rolled already, expired, or disabled.</summary>
    public Refusal? RollRefusal(DateTimeOffset now) =>
        RolledToId is not null ? new Refusal(FailureCode.KeyAlreadyRolled, ExpiresAt.UtcDateTime)
        : IsExpired(now) ? new Refusal(FailureCode.KeyExpiredCannotRoll)
        : IsDisabled ? new Refusal(FailureCode.KeyDisabledCannotRoll)
        : null;

    /// <summary>The last accepted call, as the usage recorder writes it (here: for demo data).</summary>
    public void NoteUse(DateTimeOffset at, string? clientAddress, string? userAgent)
    {
        LastUsedAt = at;
        LastClientAddress = clientAddress;
        LastUserAgent = userAgent is { Length: > MaxUserAgentLength } ? userAgent[..MaxUserAgentLength] : userAgent;
    }

    private bool SetDisabled(bool disabled)
    {
        if (IsDisabled == disabled)
        {
            return false;
        }

        IsDisabled = disabled;
        Touch();
        return true;
    }

    private void Touch() => Version = Guid.NewGuid();

    private static string? Described(string? description) => string.IsNullOrWhiteSpace(description) ? null : description.Trim();
}
