namespace ApiKeys.Domain.Keys;

/// <summary>What the keys list asks for: one page, sorted and filtered.</summary>
public sealed record KeyQuery(
    int Page = 0,
    int PageSize = 25,
    KeySort SortBy = KeySort.Expires,
    bool Descending = false,
    string? Search = null,
    KeyStatus? Status = null,
    bool NeedsAttention = false,
    bool Unused = false)
{
    /// <summary>A key unused this long (never used and made this long ago, or last used this long ago) is worth cleaning up.</summary>
    public static readonly TimeSpan UnusedFor = TimeSpan.FromDays(90);
}

/// <summary>
/// Keys that need an administrator soon: expiring within the "expiring soon" window, or expired but not deleted
/// (disabled keys are left out: someone has already acted on them).
/// </summary>
public sealed record KeyAttention(int ExpiringSoon, int Expired)
{
    public int Total => ExpiringSoon + Expired;
}

public enum KeySort
{
    Account,
    Name,
    Created,
    Expires,
}

/// <summary>One row of the keys list; it never carries the secret.</summary>
public sealed record AuthenticationKeyRow(
    Guid Id,
    string Token,
    string AccountId,
    string AccountLogin,
    string AccountDisplayName,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? LastUsedAt,
    KeyStatus Status,
    Guid Version,
    string Name = "",
    string? Description = null,
    Guid? RolledFromId = null,
    Guid? RolledToId = null);

/// <summary>
/// One page of keys and how many match: exactly up to <see cref="CountLimit"/>; beyond it <see cref="TotalCount"/> is
/// the limit and <see cref="TotalCountIsExact"/> is false ("more than 10,000").
/// </summary>
public sealed record KeyPage(IReadOnlyList<AuthenticationKeyRow> Items, int TotalCount, bool TotalCountIsExact = true)
{
    public const int CountLimit = 10_000;
}

/// <summary>A key just created: the only moment its plaintext secret exists outside the database.</summary>
public sealed record CreatedKey(AuthenticationKeyRow Key, string Secret);
