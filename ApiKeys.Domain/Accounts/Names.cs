namespace ApiKeys.Domain.Accounts;

/// <summary>What a login, display name or role name may be: required, at most <see cref="MaxLength"/> characters, no control characters.</summary>
public static class Names
{
    public const int MaxLength = 200;

    /// <summary>Why the name is refused, or null. The text is checked as typed; callers store it trimmed.</summary>
    public static FailureCode? Refusal(string? name) =>
        string.IsNullOrWhiteSpace(name) ? FailureCode.NameRequired
        : name.Trim().Length > MaxLength ? FailureCode.NameTooLong
        : name.Any(char.IsControl) ? FailureCode.NameHasControlCharacters
        : null;
}
