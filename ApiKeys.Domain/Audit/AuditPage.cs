namespace ApiKeys.Domain.Audit;

public sealed record AuditPage(IReadOnlyList<AuditEntry> Items, int TotalCount);
