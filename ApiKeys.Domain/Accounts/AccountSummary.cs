namespace ApiKeys.Domain.Accounts;

/// <summary>An account as pickers and lists show it.</summary>
public sealed record AccountSummary(string Id, string Login, string DisplayName);
