namespace ApiKeys.Domain.Keys;

/// <summary>Rules for key lifetimes, bound from the <c>AuthenticationKeys</c> configuration section.</summary>
public sealed class AuthenticationKeyOptions
{
    public const string Section = "AuthenticationKeys";

    /// <summary>How far ahead an expiry may be set.</summary>
    public TimeSpan MaximumLifetime { get; set; } = TimeSpan.FromDays(3 * 365);

    /// <summary>A key expiring within this span is shown as "expiring soon".</summary>
    public TimeSpan ExpiringSoonWindow { get; set; } = TimeSpan.FromDays(14);

    /// <summary>How long each key's hourly call counts are kept.</summary>
    public TimeSpan UsageRetention { get; set; } = TimeSpan.FromDays(90);
}
