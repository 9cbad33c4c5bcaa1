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
        OptionsValidationException invalid => string.Join(" ", invalid.Failures),
        SettingException wrong => wrong.Message,
        InvalidOperationException { Message: var message } when Unconvertible().Match(message) is { Success: true } match =>
            $"{match.Groups["key"].Value} {Allowed(match.Groups["type"].Value)}",
        AggregateException aggregate when aggregate.InnerExceptions.Count == 1 => Describe(aggregate.InnerExceptions[0]),
        { InnerException: { } inner } => Describe(inner),
        _ => null,
    };

    private static string Allowed(string typeName) =>
        typeof(StartupFailure).Assembly.GetType(typeName) is { IsEnum: true } type ? $"must be one of {string.Join(", ", Enum.GetNames(type))}."
        : typeName switch
        {
            "System.TimeSpan" => "must be a time span, such as 00:05:00 (hh:mm:ss) or 14.00:00:00 (days first).",
            "System.Int32" or "System.Int64" => "must be a whole number.",
            "System.Boolean" => "must be true or false.",
            _ => $"cannot be read as {typeName}.",
        };

    [GeneratedRegex("^Failed to convert configuration value (?:'[^']*' )?at '(?<key>[^']+)' to type '(?<type>[^']+)'")]
    private static partial Regex Unconvertible();
}

/// <summary>A setting this app reads itself is missing or wrong; the message names it.</summary>
public sealed class SettingException(string message, Exception? inner = null) : InvalidOperationException(message, inner);
