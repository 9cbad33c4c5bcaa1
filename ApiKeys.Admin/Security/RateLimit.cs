using System.Threading.RateLimiting;

namespace ApiKeys.Admin.Security;

/// <summary>A fixed-window limit: <see cref="PermitLimit"/> (0: off) per <see cref="Window"/>.</summary>
public sealed class RateLimit
{
    public int PermitLimit { get; set; }

    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);

    public bool IsOn => PermitLimit > 0;

    public FixedWindowRateLimiterOptions ToOptions() => new() { PermitLimit = PermitLimit, Window = Window, QueueLimit = 0, AutoReplenishment = true };
}
