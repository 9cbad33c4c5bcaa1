namespace ApiKeys.Domain.Hmac;

/// <summary>
/// Something verification must read again: one key (by token), one account's standing (every key of the account), or
/// everything (a system role or its permissions changed). Written to the change log in the transaction of the change,
/// applied to this instance's cache on commit and pushed to the others.
/// </summary>
public readonly record struct CredentialChange(CredentialScope Scope, string Subject)
{
    public static readonly CredentialChange Everything = new(CredentialScope.Everything, "");

    public static CredentialChange Key(string token) => new(CredentialScope.Key, token);

    public static CredentialChange Account(string accountId) => new(CredentialScope.Account, accountId);

    /// <summary>The form the change log and the push channels carry: <c>key:&lt;token&gt;</c>, <c>account:&lt;id&gt;</c>, <c>everything:</c>.</summary>
    public override string ToString() => $"{ScopeName(Scope)}:{Subject}";

    public static bool TryParse(ReadOnlySpan<char> text, out CredentialChange change)
    {
        var colon = text.IndexOf(':');
        var scope = colon < 0 ? null : ParseScope(text[..colon]);
        change = scope is { } known ? new CredentialChange(known, text[(colon + 1)..].ToString()) : default;
        return scope is not null;
    }

    public static string ScopeName(CredentialScope scope) => scope switch
    {
        CredentialScope.Key => "key",
        CredentialScope.Account => "account",
        _ => "everything",
    };

    public static CredentialScope? ParseScope(ReadOnlySpan<char> name) => name switch
    {
        "key" => CredentialScope.Key,
        "account" => CredentialScope.Account,
        "everything" => CredentialScope.Everything,
        _ => null,
    };
}
