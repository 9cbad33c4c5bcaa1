namespace ApiKeys.Domain.Keys;

/// <summary>What the keys list asks for: one page, sorted and filtered (<c>Account</c>: a login; <c>Role</c>: a system role's members; <c>Replaced</c>: rolled keys still working out their grace).</summary>
public sealed record KeyQuery(
    int Page = 0,
    int PageSize = 25,
    KeySort SortBy = KeySort.Expires,
    bool Descending = false,
    string? Search = null,
    KeyStatus? Status = null,
    bool NeedsAttention = false,
    bool Unused = false,
    string? Account = null,
    string? Role = null,
    bool Replaced = false)
{
    /// <summary>A key unused this long (never used and made this long ago, or last used this long ago) is worth cleaning up.</summary>
    public static readonly TimeSpan UnusedFor = TimeSpan.FromDays(90);

    /// <summary>Whether any filter narrows the list (so an empty page means "none match", not "no keys yet").</summary>
    public bool Filtered => !string.IsNullOrWhiteSpace(Search) || Status is not null || NeedsAttention || Unused || Replaced || Account is not null || Role is not null;
}
