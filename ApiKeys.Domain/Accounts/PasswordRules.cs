using Microsoft.Extensions.Options;

namespace ApiKeys.Domain.Accounts;

/// <summary>What a password must be, bound from <c>Authentication:Password</c> (besides upper- and lower-case letters, a digit and a symbol).</summary>
public sealed class PasswordRules
{
    public const string Section = "Authentication:Password";

    [SettingRange(8, 128, ErrorMessage = "must be between 8 and 128")]
    public int RequiredLength { get; set; } = 12;
}

/// <summary>Checks <see cref="PasswordRules"/> by its annotations at start-up.</summary>
[OptionsValidator]
internal sealed partial class PasswordRulesValidator : IValidateOptions<PasswordRules>;
