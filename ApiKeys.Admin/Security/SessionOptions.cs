using ApiKeys.Domain;
using Microsoft.Extensions.Options;

namespace ApiKeys.Admin.Security;

/// <summary>The admin's signed-in sessions, bound from <c>Authentication</c>.</summary>
public sealed class SessionOptions
{
    public const string Section = "Authentication";

    /// <summary>How often a signed-in browser's cookie is checked against its account (active, roles, password); zero: on every request.</summary>
    [SettingRange(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan SessionCheckInterval { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>Checks <see cref="SessionOptions"/> by its annotations at start-up.</summary>
[OptionsValidator]
internal sealed partial class SessionOptionsValidator : IValidateOptions<SessionOptions>;
