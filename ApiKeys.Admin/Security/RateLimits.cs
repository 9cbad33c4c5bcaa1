using System.Threading.RateLimiting;

namespace ApiKeys.Admin.Security;

/// <summary>
/// Settings <c>RateLimits:*</c>: how many sign-in attempts and refused API calls are allowed per window before the
/// app answers 429 with <c>Retry-After</c>. A <see cref="RateLimit.PermitLimit"/> of 0 turns a limit off.
/// </summary>
public sealed class RateLimits
{
    public const string Section = "RateLimits";

    /// <summary>Sign-in form posts from one client address.</summary>
    public RateLimit SignInPerAddress { get; set; } = new() { PermitLimit = 30 };

    /// <summary>Sign-in attempts for one login, from anywhere (on top of the lockout after wrong passwords).</summary>
    public RateLimit SignInPerLogin { get; set; } = new() { PermitLimit = 10 };

    /// <summary>Refused API calls from one client address; past it, every call from there is refused unverified.</summary>
    public RateLimit RefusedApiCallsPerAddress { get; set; } = new() { PermitLimit = 120 };

    /// <summary>Refused calls naming one existing key (a wrong secret, a replay); past it, calls with that key are refused unverified.</summary>
    public RateLimit RefusedApiCallsPerKey { get; set; } = new() { PermitLimit = 30 };
}

public sealed class RateLimit
{
    public int PermitLimit { get; set; }

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    public bool IsOn => PermitLimit > 0;

    public FixedWindowRateLimiterOptions ToOptions() => new() { PermitLimit = PermitLimit, Window = Window, QueueLimit = 0, AutoReplenishment = true };
}
