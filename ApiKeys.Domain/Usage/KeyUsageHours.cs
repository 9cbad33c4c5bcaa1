namespace ApiKeys.Domain.Usage;

/// <summary>Hours as the usage table counts them.</summary>
public static class KeyUsageHours
{
    public static long Of(DateTimeOffset time) => time.ToUnixTimeSeconds() / 3600;

    public static DateTimeOffset Start(long hour) => DateTimeOffset.FromUnixTimeSeconds(hour * 3600);
}
