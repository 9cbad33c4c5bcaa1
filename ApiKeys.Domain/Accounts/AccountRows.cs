namespace ApiKeys.Domain.Accounts;

/// <summary>An account as the Accounts page lists it.</summary>
public sealed record AccountRow(string Id, string Login, string DisplayName, bool IsActive, IReadOnlyList<string> Roles, bool MayUseApi, bool IsLockedOut, string? Email = null);

public sealed record AccountPage(IReadOnlyList<AccountRow> Items, int TotalCount);

/// <summary>A system role as the System roles page lists it.</summary>
public sealed record SystemRoleRow(string Id, string Name, bool IsBuiltIn, bool ApiCalls, int MemberCount);
