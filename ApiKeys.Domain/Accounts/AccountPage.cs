namespace ApiKeys.Domain.Accounts;

public sealed record AccountPage(IReadOnlyList<AccountRow> Items, int TotalCount);
