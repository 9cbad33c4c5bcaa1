using System.Globalization;

namespace ApiKeys.Domain.Limits;

/// <summary>How often a key may call: <see cref="Calls"/> per second, minute or hour, counted in fixed windows (UTC).</summary>
public readonly record struct RateLimit(int Calls, RatePeriod Per)
{
    public const int MaxCalls = 1_000_000;

    public TimeSpan Window => Per switch
    {
        RatePeriod.Second => TimeSpan.FromSeconds(1),
        RatePeriod.Minute => TimeSpan.FromMinutes(1),
        _ => TimeSpan.FromHours(1),
    };

    /// <summary>Why the limit is refused (no calls, or absurdly many), or null.</summary>
    public Refusal? Check() => Calls is < 1 or > MaxCalls ? new Refusal(FailureCode.InvalidRateLimit, MaxCalls) : null;

    /// <summary>The window <paramref name="now"/> falls in, counted from 1970, and the seconds until it ends (at least 1).</summary>
    public (long Window, int ResetSeconds) WindowOf(DateTimeOffset now)
    {
        var size = (long)Window.TotalMilliseconds;
        var ms = now.ToUnixTimeMilliseconds();
        var window = ms / size;
        return (window, (int)Math.Max(1, ((window + 1) * size - ms + 999) / 1000));
    }

    /// <summary>As the command line and the column write it: <c>6/min</c>, <c>100/s</c>, <c>5000/h</c>.</summary>
    public override string ToString() => $"{Calls.ToString(CultureInfo.InvariantCulture)}/{Per switch { RatePeriod.Second => "s", RatePeriod.Minute => "min", _ => "h" }}";

    /// <summary>Reads <c>N/s</c>, <c>N/min</c> or <c>N/h</c> (also <c>second</c>, <c>minute</c>, <c>hour</c>); null when it is none of them.</summary>
    public static RateLimit? Parse(string? text)
    {
        var parts = text?.Trim().Split('/', 2, StringSplitOptions.TrimEntries);
        if (parts is not { Length: 2 } || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var calls))
        {
            return null;
        }

        RatePeriod? per = parts[1].ToLowerInvariant() switch
        {
            "s" or "sec" or "second" => RatePeriod.Second,
            "min" or "m" or "minute" => RatePeriod.Minute,
            "h" or "hour" => RatePeriod.Hour,
            _ => null,
        };
        return per is { } period ? new RateLimit(calls, period) : null;
    }
}

public enum RatePeriod
{
    Second,
    Minute,
    Hour,
}
