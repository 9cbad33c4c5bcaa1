namespace ApiKeys.Domain.Audit;

/// <summary>One recorded action: who did what to which target, when and from where. Entries are never changed or deleted by the product.</summary>
public sealed class AuditEntry
{
    public Guid Id { get; set; }

    public DateTimeOffset At { get; set; }

    public string Actor { get; set; } = "";

    public string Action { get; set; } = "";

    public string Target { get; set; } = "";

    public string? ClientAddress { get; set; }

    public string? Details { get; set; }
}
