using System.ComponentModel.DataAnnotations;
using ApiKeys.Domain.Keys;

namespace ApiKeys.Admin.Api;

/// <summary>
/// The query string of <c>GET /api/v1/keys</c>, checked by the API's validation before the endpoint runs. Sort and
/// status are taken by name only (no numbers, no lists), and a page so far out that its first row's position
/// overflows is refused rather than wrapped round. Each message names the field as the query string spells it.
/// </summary>
public sealed record KeyListQuery(
    int Page = 0,
    [property: Range(1, KeyListQuery.MaxPageSize, ErrorMessage = "pageSize must be between {1} and {2}.")] int PageSize = 25,
    string Sort = "expires",
    bool Descending = false,
    [property: MaxLength(200, ErrorMessage = "search can be at most {1} characters.")] string? Search = null,
    string? Status = null,
    bool NeedsAttention = false,
    bool Unused = false) : IValidatableObject
{
    public const int MaxPageSize = 500;

    private static readonly string[] Sorts = [.. Enum.GetNames<KeySort>().Select(n => n.ToLowerInvariant())];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (PageSize is >= 1 and <= MaxPageSize && (Page < 0 || (long)Page * PageSize > int.MaxValue))
        {
            yield return new ValidationResult($"page must be between 0 and {int.MaxValue / PageSize} for pageSize {PageSize}.", [nameof(Page)]);
        }

        if (!Sorts.Contains(Sort, StringComparer.OrdinalIgnoreCase))
        {
            yield return new ValidationResult($"sort must be one of: {string.Join(", ", Sorts)}.", [nameof(Sort)]);
        }

        if (Status is not null && StatusFilter() is null)
        {
            yield return new ValidationResult($"status must be one of: {string.Join(", ", Enum.GetNames<KeyStatus>())}.", [nameof(Status)]);
        }
    }

    public KeyQuery ToKeyQuery() => new(Page, PageSize, Enum.Parse<KeySort>(Sort, ignoreCase: true), Descending, Search, StatusFilter(), NeedsAttention, Unused);

    private KeyStatus? StatusFilter() =>
        Status is null ? null : Enum.GetNames<KeyStatus>().FirstOrDefault(n => n.Equals(Status, StringComparison.OrdinalIgnoreCase)) is { } name ? Enum.Parse<KeyStatus>(name) : null;
}
