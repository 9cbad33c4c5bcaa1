using Microsoft.Extensions.Options;

namespace ApiKeys.Domain.Accounts;

/// <summary>How wrong passwords lock an account, bound from <c>Authentication:Lockout</c>.</summary>
public sealed class LockoutOptions
{
    public const string Section = "Authentication:Lockout";

    /// <summary>Wrong passwords in a row that lock the account.</summary>
    [SettingRange(1, 1000, ErrorMessage = "must be between 1 and 1000")]
    public int MaxFailedAttempts { get; set; } = 5;

    /// <summary>How long a locked account stays locked.</summary>
    [SettingRange(typeof(TimeSpan), "00:00:01", "365.00:00:00", ErrorMessage = "must be between 00:00:01 and 365.00:00:00")]
    public TimeSpan Duration { get; set; } = TimeSpan.FromMinutes(15);
}

/// <summary>Checks <see cref="LockoutOptions"/> by its annotations at start-up.</summary>
[OptionsValidator]
internal sealed partial class LockoutOptionsValidator : IValidateOptions<LockoutOptions>;
