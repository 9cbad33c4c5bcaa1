using ApiKeys.Domain.Accounts;

namespace ApiKeys.Domain.Keys;

/// <summary>What a key's name and description may be, and the name suggested for a new key.</summary>
public static class KeyNames
{
    public const int MaxLength = 100;
    public const int MaxDescriptionLength = 500;

    /// <summary>The account's display name and the day, such as "Integration bot 2026-11-28".</summary>
    public static string Suggested(string accountDisplayName, DateTimeOffset day)
    {
        var date = day.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var name = accountDisplayName.Trim();
        return name.Length + 1 + date.Length <= MaxLength ? $"{name} {date}" : $"{name[..(MaxLength - 1 - date.Length)]} {date}";
    }

    /// <summary>Why the name or description is refused, or null.</summary>
    public static Refusal? Check(string name, string? description) =>
        string.IsNullOrWhiteSpace(name) ? new Refusal(FailureCode.NameRequired)
        : name.Trim().Length > MaxLength || description?.Trim().Length > MaxDescriptionLength ? new Refusal(FailureCode.KeyNameTooLong, MaxLength, MaxDescriptionLength)
        : name.Any(Names.IsHidden) || (description ?? "").Any(c => Names.IsHidden(c) && c is not ('\n' or '\r' or '\t')) ? new Refusal(FailureCode.NameHasControlCharacters)
        : null;
}
