namespace ApiKeys.Domain.Usage;

/// <summary>One key's calls in one hour (UTC): how many were accepted and how many refused once the key was known.</summary>
public sealed class KeyUsageHour
{
    public Guid KeyId { get; set; }

    /// <summary>The hour, counted in whole hours since 1970-01-01 00:00 UTC (<see cref="KeyUsageHours.Of"/>).</summary>
    public long Hour { get; set; }

    public long Accepted { get; set; }

    public long Refused { get; set; }

    // The refused calls by reason (RefusalCounts); the rest of Refused had another reason.
    public long RefusedSignature { get; set; }

    public long RefusedReplay { get; set; }

    public long RefusedScope { get; set; }

    public long RefusedAddress { get; set; }

    public long RefusedRate { get; set; }

    public long RefusedQuota { get; set; }

    public RefusalCounts Reasons => new(RefusedSignature, RefusedReplay, RefusedScope, RefusedAddress, RefusedRate, RefusedQuota);
}
