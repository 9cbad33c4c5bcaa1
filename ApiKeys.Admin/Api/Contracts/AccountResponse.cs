namespace ApiKeys.Admin.Api.Contracts;

/// <summary>The calling account and the key it signed with.</summary>
public sealed record AccountResponse(string Login, string DisplayName, IReadOnlyList<string> Roles, KeyInUse Key);
