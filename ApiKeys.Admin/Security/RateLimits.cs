using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace ApiKeys.Admin.Security;

/// <summary>
/// Settings <c>RateLimits:*</c>: how many sign-in attempts and refused API calls are allowed per window before the
/// app answers 429 with <c>Retry-After</c>. A <see cref="RateLimit.PermitLimit"/> of 0 turns a limit off.
/// </summary>
public sealed class RateLimits : IValidatableObject
{
    public const string Section = "RateLimits";

    /// <summary>Sign-in form posts from one client address.</summary>
    public RateLimit SignInPerAddress { get; set; } = new() { PermitLimit = 30 };

    /// <summary>Sign-in attempts for one login, from anywhere (on top of the lockout after wrong passwords).</summary>
    public RateLimit SignInPerLogin { get; set; } = new() { PermitLimit = 10 };

    /// <summary>Refused API calls from one client address; past it, every call from there is refused unverified.</summary>
    public RateLimit RefusedApiCallsPerAddress { get; set; } = new() { PermitLimit = 120 };

    /// <summary>Each limit's count and window, named as the setting: <c>RateLimits:SignInPerLogin:PermitLimit</c>.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, limit) in new[]
            {
                (nameof(SignInPerAddress), SignInPerAddress), (nameof(SignInPerLogin), SignInPerLogin),
                (nameof(RefusedApiCallsPerAddress), RefusedApiCallsPerAddress),
            })
        {
            if (limit.PermitLimit < 0)
            {
                yield return new ValidationResult("must be 0 (off) or more", [$"{name}.{nameof(RateLimit.PermitLimit)}"]);
            }

            if (limit.Window <= TimeSpan.Zero)
            {
                yield return new ValidationResult("must be a positive span, such as 00:01:00", [$"{name}.{nameof(RateLimit.Window)}"]);
            }
        }
    }
}

/// <summary>Checks <see cref="RateLimits"/> at start-up.</summary>
[OptionsValidator]
internal sealed partial class RateLimitsValidator : IValidateOptions<RateLimits>;
