using ApiKeys.Domain.Keys;

namespace ApiKeys.Admin.Api;

/// <summary>
/// The query string of <c>GET /api/v1/keys</c>. Sort and status are taken by name only (no numbers, no lists), and a
/// page so far out that its first row's position overflows is refused rather than wrapped round.
/// </summary>
public sealed record KeyListQuery(
    int Page = 0, int PageSize = 25, string Sort = "expires", bool Descending = false, string? Search = null, string? Status = null, bool NeedsAttention = false, bool Unused = false)
{
    public const int MaxPageSize = 500;

    private static readonly string[] Sorts = [.. Enum.GetNames<KeySort>().Select(n => n.ToLowerInvariant())];

    /// <summary>What is wrong with the query, saying what is allowed; or null.</summary>
    public string? Refusal() =>
        PageSize is < 1 or > MaxPageSize ? $"pageSize must be between 1 and {MaxPageSize}."
        : Page < 0 || (long)Page * PageSize > int.MaxValue ? $"page must be between 0 and {int.MaxValue / PageSize} for pageSize {PageSize}."
        : !Sorts.Contains(Sort, StringComparer.OrdinalIgnoreCase) ? $"sort must be one of: {string.Join(", ", Sorts)}."
        : Status is not null && StatusFilter() is null ? $"status must be one of: {string.Join(", ", Enum.GetNames<KeyStatus>())}."
        : Search is { Length: > 200 } ? "search can be at most 200 characters."
        : null;

    public KeyQuery ToKeyQuery() => new(Page, PageSize, Enum.Parse<KeySort>(Sort, ignoreCase: true), Descending, Search, StatusFilter(), NeedsAttention, Unused);

    private KeyStatus? StatusFilter() =>
        Status is null ? null : Enum.GetNames<KeyStatus>().FirstOrDefault(n => n.Equals(Status, StringComparison.OrdinalIgnoreCase)) is { } name ? Enum.Parse<KeyStatus>(name) : null;
}
