namespace ApiKeys.Domain.Accounts;

/// <summary>An account as the Accounts page lists it, with how many authentication keys it holds.</summary>
public sealed record AccountRow(string Id, string Login, string DisplayName, bool IsActive, IReadOnlyList<string> Roles, bool MayUseApi, bool IsLockedOut, string? Email = null, int KeyCount = 0);
