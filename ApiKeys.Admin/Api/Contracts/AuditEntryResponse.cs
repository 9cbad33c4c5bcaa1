namespace ApiKeys.Admin.Api.Contracts;

public sealed record AuditEntryResponse(DateTimeOffset At, string Actor, string Action, string Target, string? Details, string? ClientAddress);
