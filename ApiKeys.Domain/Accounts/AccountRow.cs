namespace ApiKeys.Domain.Accounts;

/// <summary>An account as the Accounts page lists it.</summary>
public sealed record AccountRow(string Id, string Login, string DisplayName, bool IsActive, IReadOnlyList<string> Roles, bool MayUseApi, bool IsLockedOut, string? Email = null);
