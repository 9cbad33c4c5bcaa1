namespace ApiKeys.Domain.Accounts;

/// <summary>What a login, display name or role name may be: required, at most <see cref="MaxLength"/> characters, no control or invisible formatting characters.</summary>
public static class Names
{
    public const int MaxLength = 200;

    /// <summary>Why the name is refused, or null. The text is checked as typed; callers store it trimmed.</summary>
    public static FailureCode? Refusal(string? name) =>
        string.IsNullOrWhiteSpace(name) ? FailureCode.NameRequired
        : name.Trim().Length > MaxLength ? FailureCode.NameTooLong
        : name.Any(IsHidden) ? FailureCode.NameHasControlCharacters
        : null;

    /// <summary>
    /// A control character, or an invisible formatting one (Unicode category Cf: text-direction overrides and isolates
    /// such as U+202E, zero-width spaces and joiners, the byte-order mark): shown raw, those make a name read as
    /// something else, in a list or a plain-text e-mail.
    /// </summary>
    public static bool IsHidden(char c) => char.IsControl(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format;
}
