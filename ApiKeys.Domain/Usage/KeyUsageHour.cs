namespace ApiKeys.Domain.Usage;

/// <summary>One key's calls in one hour (UTC): how many were accepted and how many refused once the key was known.</summary>
public sealed class KeyUsageHour
{
    public Guid KeyId { get; set; }

    /// <summary>The hour, counted in whole hours since 1970-01-01 00:00 UTC (<see cref="KeyUsageHours.Of"/>).</summary>
    public long Hour { get; set; }

    public long Accepted { get; set; }

    public long Refused { get; set; }
}
