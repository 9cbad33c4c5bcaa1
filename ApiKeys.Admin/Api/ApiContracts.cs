using ApiKeys.Domain.Keys;
using ApiKeys.Domain.Usage;

namespace ApiKeys.Admin.Api;

/// <summary>The calling account and the key it signed with.</summary>
public sealed record AccountResponse(string Login, string DisplayName, IReadOnlyList<string> Roles, KeyInUse Key);

public sealed record KeyInUse(string Token, DateTimeOffset ExpiresAt);

public sealed record AccountRef(string Id, string Login, string DisplayName);

/// <summary>An authentication key as the API shows it; never the secret.</summary>
public sealed record KeyResponse(
    Guid Id, string Name, string? Description, string Token, AccountRef Account, DateTimeOffset CreatedAt, string CreatedBy,
    DateTimeOffset ExpiresAt, DateTimeOffset? LastUsedAt, KeyStatus Status, Guid Version, Guid? RolledFrom, Guid? RolledTo)
{
    public static KeyResponse From(AuthenticationKeyRow key) => new(
        key.Id, key.Name, key.Description, key.Token, new AccountRef(key.AccountId, key.AccountLogin, key.AccountDisplayName), key.CreatedAt, key.CreatedBy,
        key.ExpiresAt, key.LastUsedAt, key.Status, key.Version, key.RolledFromId, key.RolledToId);
}

/// <summary>A page of keys; <c>totalCount</c> is exact up to 10,000, and beyond it 10,000 with <c>totalCountIsExact</c> false.</summary>
public sealed record KeyListResponse(IReadOnlyList<KeyResponse> Items, int TotalCount, bool TotalCountIsExact, int Page, int PageSize);

/// <summary>Create a key: the account by login (or id), when the key expires, and its name (suggested when left out) and description.</summary>
public sealed record CreateKeyRequest(string Account, DateTimeOffset ExpiresAt, string? Name = null, string? Description = null);

/// <summary>A key's new name and description; <c>version</c> is the key's version as last read.</summary>
public sealed record RenameKeyRequest(string Name, string? Description, Guid Version);

/// <summary>The new key with its secret, which is returned only this once.</summary>
public sealed record CreatedKeyResponse(KeyResponse Key, string Secret);

/// <summary>A new expiry; <c>version</c> is the key's version as last read, so a concurrent change is not overwritten.</summary>
public sealed record ChangeExpiryRequest(DateTimeOffset ExpiresAt, Guid Version);

public sealed record DeleteKeysRequest(IReadOnlyList<Guid> Ids);

public sealed record DeleteKeysResponse(int Deleted);

/// <summary>
/// Roll a key: <c>grace</c> is how long the old key keeps working ("00:00:00", "01:00:00", "1.00:00:00", "7.00:00:00"
/// or "30.00:00:00"); <c>version</c> is the key's version as last read.
/// </summary>
public sealed record RollKeyRequest(TimeSpan Grace, Guid Version);

/// <summary>The keys to disable or enable.</summary>
public sealed record KeyIdsRequest(IReadOnlyList<Guid> Ids);

/// <summary>How many keys changed; keys already so are not counted.</summary>
public sealed record ChangedKeysResponse(int Changed);

/// <summary>A key with its calls per day (UTC, oldest first) and its own audit trail, newest first.</summary>
public sealed record KeyDetailsResponse(KeyResponse Key, KeyUsageResponse Usage, IReadOnlyList<AuditEntryResponse> Trail)
{
    public static KeyDetailsResponse From(KeyDetails details) => new(
        KeyResponse.From(details.Key),
        new KeyUsageResponse(details.Usage.Accepted, details.Usage.Refused, details.Usage.LastUsedAt, details.Usage.LastClientAddress,
            details.Usage.LastUserAgent, [.. details.Usage.Days.Select(d => new KeyUsageDayResponse(d.Day, d.Accepted, d.Refused))]),
        [.. details.Trail.Select(e => new AuditEntryResponse(e.At, e.Actor, e.Action, e.Target, e.Details, e.ClientAddress))]);
}

/// <summary>Calls accepted and refused (after the key was found) over the days asked for, and where the key was last used from.</summary>
public sealed record KeyUsageResponse(
    long Accepted, long Refused, DateTimeOffset? LastUsedAt, string? LastClientAddress, string? LastUserAgent, IReadOnlyList<KeyUsageDayResponse> Days);

public sealed record KeyUsageDayResponse(DateOnly Day, long Accepted, long Refused);

public sealed record AuditEntryResponse(DateTimeOffset At, string Actor, string Action, string Target, string? Details, string? ClientAddress);
