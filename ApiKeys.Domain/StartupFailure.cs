using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace ApiKeys.Domain;

/// <summary>
/// A wrong setting found at start-up, as one line naming the setting: a value that does not convert (an unknown
/// provider, an unparsable span), a rule an option breaks (a negative window), or a missing connection string.
/// </summary>
public static partial class StartupFailure
{
    /// <summary>The line to print, or null when the exception is not about a setting.</summary>
    public static string? Describe(Exception exception) => exception switch
    {
        OptionsValidationException invalid => string.Join(" ", invalid.Failures.Select(failure => Named(invalid.OptionsType, failure))),
        SettingException wrong => wrong.Message,
        InvalidOperationException { Message: var message } when Unconvertible().Match(message) is { Success: true } match =>
            $"{match.Groups["key"].Value} {Allowed(match.Groups["type"].Value)}",
        AggregateException aggregate when aggregate.InnerExceptions.Count == 1 => Describe(aggregate.InnerExceptions[0]),
        { InnerException: { } inner } => Describe(inner),
        _ => null,
    };

    /// <summary>
    /// A generated options validator says "Member: rule"; the line names the setting instead, by the section the options
    /// class is bound from (its <c>Section</c> constant): "Authentication:Hmac:ClockSkew must be between …".
    /// </summary>
    private static string Named(Type options, string failure) =>
        Rule().Match(failure) is { Success: true } rule && options.GetField("Section")?.GetRawConstantValue() is string section
            ? $"{section}:{rule.Groups["member"].Value.Replace('.', ':')} {rule.Groups["rule"].Value.TrimEnd('.')}."
            : failure;

    private static string Allowed(string typeName) =>
        typeof(StartupFailure).Assembly.GetType(typeName) is { IsEnum: true } type ? $"must be one of {string.Join(", ", Enum.GetNames(type))}."
        : typeName switch
        {
            "System.TimeSpan" => "must be a time span, such as 00:05:00 (hh:mm:ss) or 14.00:00:00 (days first).",
            "System.Int32" or "System.Int64" => "must be a whole number.",
            "System.Boolean" => "must be true or false.",
            _ => $"cannot be read as {typeName}.",
        };

    [GeneratedRegex(@"^(?<member>[\w.]+): (?<rule>.+)$", RegexOptions.Singleline)]
    private static partial Regex Rule();

    [GeneratedRegex("^Failed to convert configuration value (?:'[^']*' )?at '(?<key>[^']+)' to type '(?<type>[^']+)'")]
    private static partial Regex Unconvertible();
}
