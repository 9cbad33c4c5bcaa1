using System.Buffers;

namespace ApiKeys.Domain.Keys;

/// <summary>
/// What a key may call: a set of scopes, each the name of a group of the gateway's routes (a route's scope is its
/// <c>Metadata:Scope</c>, or its id), or <see cref="ApiKeysApi"/> for ApiKeys' own <c>/api/v1</c>. No scopes: every
/// route, as keys made before scopes existed. Kept as one space-separated column, like OAuth's <c>scope</c>.
/// </summary>
public static class KeyScopes
{
    /// <summary>The scope of ApiKeys' own API, <c>/api/v1</c>.</summary>
    public const string ApiKeysApi = "apikeys";

    public const int MaxLength = 64;
    public const int MaxCount = 50;

    private static readonly SearchValues<char> Allowed = SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._:-");

    /// <summary>Whether the text may name a scope: 1 to 64 letters, digits, '.', '_', ':' or '-'.</summary>
    public static bool IsName(string? scope) => scope is { Length: > 0 and <= MaxLength } && !scope.AsSpan().ContainsAnyExcept(Allowed);

    /// <summary>Why the scopes are refused, or null.</summary>
    public static Refusal? Check(IReadOnlyCollection<string>? scopes) =>
        scopes is null ? null
        : scopes.FirstOrDefault(s => !IsName(s?.Trim())) is { } bad ? new Refusal(FailureCode.InvalidScope, bad, MaxLength)
        : Normalized(scopes).Count > MaxCount ? new Refusal(FailureCode.TooManyScopes, MaxCount)
        : null;

    /// <summary>The scopes trimmed, without repeats, in ordinal order; empty for every route.</summary>
    public static IReadOnlyList<string> Normalized(IEnumerable<string>? scopes) =>
        [.. (scopes ?? []).Select(s => s.Trim()).Where(s => s.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>The column's value: null for every route.</summary>
    public static string? Format(IEnumerable<string>? scopes) => Normalized(scopes) is { Count: > 0 } list ? string.Join(' ', list) : null;

    public static IReadOnlyList<string> Parse(string? column) =>
        string.IsNullOrEmpty(column) ? [] : column.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Whether keys with these scopes may call a route of <paramref name="scope"/> (no scopes: every one).</summary>
    public static bool Allow(IReadOnlyList<string> scopes, string scope)
    {
        if (scopes.Count == 0)
        {
            return true;
        }

        for (var i = 0; i < scopes.Count; i++)
        {
            if (string.Equals(scopes[i], scope, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
