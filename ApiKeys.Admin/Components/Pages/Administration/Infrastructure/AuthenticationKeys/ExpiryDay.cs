namespace ApiKeys.Admin.Components.Pages.Administration.Infrastructure.AuthenticationKeys;

/// <summary>The dialog picks a day; a key chosen to expire on a day works until that day's last second (UTC).</summary>
public static class ExpiryDay
{
    /// <summary>The day's last second; the calendar's last day (31 December 9999, typed by hand) has no day after it.</summary>
    public static DateTimeOffset EndOf(DateTime day) =>
        day.Date >= DateTime.MaxValue.Date
            ? new DateTimeOffset(DateTime.MaxValue.Date.AddHours(23).AddMinutes(59).AddSeconds(59), TimeSpan.Zero)
            : new DateTimeOffset(DateTime.SpecifyKind(day.Date, DateTimeKind.Utc)).AddDays(1).AddSeconds(-1);

    public static DateTime Of(DateTimeOffset expiresAt) => expiresAt.UtcDateTime.Date;
}
