namespace ApiKeys.Domain.Keys;

/// <summary>
/// One page of keys and how many match: exactly up to <see cref="CountLimit"/>; beyond it <see cref="TotalCount"/> is
/// the limit and <see cref="TotalCountIsExact"/> is false ("more than 10,000").
/// </summary>
public sealed record KeyPage(IReadOnlyList<AuthenticationKeyRow> Items, int TotalCount, bool TotalCountIsExact = true)
{
    public const int CountLimit = 10_000;
}
