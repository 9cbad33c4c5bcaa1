namespace ApiKeys.Domain.Audit;

public sealed record AuditQuery(int Page = 0, int PageSize = 50, string? Action = null, string? Actor = null, string? Target = null, DateTimeOffset? From = null, DateTimeOffset? To = null);
