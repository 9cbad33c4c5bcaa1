namespace ApiKeys.Domain.Usage;

/// <summary>One gateway route's signed calls in one hour (UTC): accepted, and refused once the key was known.</summary>
public sealed class RouteUsageHour
{
    public const int MaxRouteLength = 200;

    /// <summary>The route's id in the <c>ReverseProxy</c> configuration.</summary>
    public string Route { get; set; } = "";

    /// <summary>The hour, counted in whole hours since 1970-01-01 00:00 UTC (<see cref="KeyUsageHours.Of"/>).</summary>
    public long Hour { get; set; }

    public long Accepted { get; set; }

    public long Refused { get; set; }
}
