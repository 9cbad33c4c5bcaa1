using Microsoft.Extensions.Options;

namespace ApiKeys.Domain.Keys;

/// <summary>Rules for key lifetimes, bound from the <c>AuthenticationKeys</c> configuration section.</summary>
public sealed class AuthenticationKeyOptions
{
    public const string Section = "AuthenticationKeys";

    /// <summary>How far ahead an expiry may be set.</summary>
    [SettingRange(typeof(TimeSpan), "00:00:01", "36500.00:00:00", ErrorMessage = "must be a positive span, such as 1095.00:00:00")]
    public TimeSpan MaximumLifetime { get; set; } = TimeSpan.FromDays(3 * 365);

    /// <summary>A key expiring within this span is shown as "expiring soon".</summary>
    [SettingRange(typeof(TimeSpan), "00:00:00", "36500.00:00:00", ErrorMessage = "cannot be negative")]
    public TimeSpan ExpiringSoonWindow { get; set; } = TimeSpan.FromDays(14);

    /// <summary>How long each key's hourly call counts are kept.</summary>
    [SettingRange(typeof(TimeSpan), "1.00:00:00", "36500.00:00:00", ErrorMessage = "must be at least 1.00:00:00")]
    public TimeSpan UsageRetention { get; set; } = TimeSpan.FromDays(90);
}

/// <summary>Checks <see cref="AuthenticationKeyOptions"/> by its annotations at start-up.</summary>
[OptionsValidator]
internal sealed partial class AuthenticationKeyOptionsValidator : IValidateOptions<AuthenticationKeyOptions>;
