namespace ApiKeys.Domain.Accounts;

/// <summary>A system role as the System roles page lists it; <paramref name="KeyCount"/> counts its members' keys.</summary>
public sealed record SystemRoleRow(string Id, string Name, bool IsBuiltIn, bool ApiCalls, int MemberCount, int KeyCount = 0);
