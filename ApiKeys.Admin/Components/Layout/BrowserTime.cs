using System.Globalization;

namespace ApiKeys.Admin.Components.Layout;

/// <summary>
/// The administrator's time zone, as the browser knows it: app.js keeps Intl's zone (such as Europe/Moscow) in the
/// <c>ApiKeys.TimeZone</c> cookie, and each page request (so each circuit) reads it once. Pages show dates and times in
/// it, with the UTC instant in the tooltip; the key dialog reads a chosen day and time in it. UTC until the browser has
/// said (a first visit's sign-in page), or when the zone is unknown to the server.
/// </summary>
public sealed class BrowserTime(TimeZoneInfo zone)
{
    public const string Cookie = "ApiKeys.TimeZone";

    public static readonly BrowserTime Utc = new(TimeZoneInfo.Utc);

    public TimeZoneInfo Zone { get; } = zone;

    /// <summary>
    /// The zone as people say it beside a time: «МСК» for Moscow time in Russian, otherwise its offset from UTC at
    /// <paramref name="at"/> (now when not given), such as UTC+3 or UTC+5:30.
    /// </summary>
    public string ShortName(CultureInfo culture, DateTimeOffset? at = null)
    {
        if (Zone.Id is "Europe/Moscow" && culture.TwoLetterISOLanguageName == "ru")
        {
            return "МСК";
        }

        var offset = Zone.GetUtcOffset(at ?? DateTimeOffset.UtcNow);
        return offset == TimeSpan.Zero ? "UTC"
            : $"UTC{(offset < TimeSpan.Zero ? "−" : "+")}{Math.Abs(offset.Hours)}{(offset.Minutes != 0 ? $":{Math.Abs(offset.Minutes):00}" : "")}";
    }

    /// <summary>The zone's short name and offset together, as a page says which zone its times are in: «МСК, UTC+3».</summary>
    public string Label(CultureInfo culture)
    {
        var offset = ShortName(CultureInfo.InvariantCulture);
        var name = ShortName(culture);
        return name == offset ? name : $"{name}, {offset}";
    }

    /// <summary>The zone the request's cookie names, when the server knows it.</summary>
    public static string? IdFrom(HttpContext http) =>
        http.Request.Cookies[Cookie] is { Length: > 0 and <= 64 } id && TimeZoneInfo.TryFindSystemTimeZoneById(id, out _) ? id : null;

    public static BrowserTime Of(string? id) =>
        id is not null && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? new BrowserTime(zone) : Utc;

    public DateTime Local(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, Zone).DateTime;

    public string Date(DateTimeOffset instant) => Local(instant).ToString("d", CultureInfo.CurrentCulture);

    public string DateAndTime(DateTimeOffset instant) => Local(instant).ToString("g", CultureInfo.CurrentCulture);

    /// <summary>The instant in UTC, for a tooltip: what logs and the API say.</summary>
    public static string Instant(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

    /// <summary>
    /// A day and time of day read in this zone, as an instant. A time the clocks skip (the hour lost in spring) is read
    /// as the same time after the change; a time that happens twice (autumn), as the first.
    /// </summary>
    public DateTimeOffset ToInstant(DateTime day, TimeSpan timeOfDay)
    {
        var local = DateTime.SpecifyKind(day.Date + timeOfDay, DateTimeKind.Unspecified);
        if (Zone.IsInvalidTime(local))
        {
            local = local.AddHours(1);
        }

        var offset = Zone.IsAmbiguousTime(local) ? Zone.GetAmbiguousTimeOffsets(local).Max() : Zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset);
    }
}
