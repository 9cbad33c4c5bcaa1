using ApiKeys.Admin.Components.Layout;

namespace ApiKeys.Admin.Components.Pages.Administration.Infrastructure.AuthenticationKeys;

/// <summary>
/// The dialog picks a day and a time of day (23:59 unless changed) in the browser's time zone; a key works until the
/// last second of that minute.
/// </summary>
public static class ExpiryDay
{
    public static readonly TimeSpan DefaultTime = new(23, 59, 0);

    /// <summary>The day's last second in UTC; the calendar's last day (31 December 9999, typed by hand) has no day after it.</summary>
    public static DateTimeOffset EndOf(DateTime day) => EndOf(day, DefaultTime, BrowserTime.Utc);

    /// <summary>The last second of the chosen minute of the day, in the zone; the calendar's last minute at most.</summary>
    public static DateTimeOffset EndOf(DateTime day, TimeSpan time, BrowserTime zone)
    {
        var minute = TimeSpan.FromMinutes(Math.Floor(time.TotalMinutes));
        if (day.Date >= DateTime.MaxValue.Date.AddDays(-1))
        {
            // Near the calendar's end a zone's offset could run past it: the last representable second, in UTC.
            return new DateTimeOffset(DateTime.MaxValue.Date.AddHours(23).AddMinutes(59).AddSeconds(59), TimeSpan.Zero);
        }

        return zone.ToInstant(day, minute).AddSeconds(59);
    }

    /// <summary>The time of day (to the minute) at which a key expires, in the zone.</summary>
    public static TimeSpan TimeOf(DateTimeOffset expiresAt, BrowserTime zone)
    {
        var local = zone.Local(expiresAt).TimeOfDay;
        return new TimeSpan(local.Hours, local.Minutes, 0);
    }
}
