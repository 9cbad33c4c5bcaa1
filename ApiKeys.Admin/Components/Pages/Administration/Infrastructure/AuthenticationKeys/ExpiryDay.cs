namespace ApiKeys.Admin.Components.Pages.Administration.Infrastructure.AuthenticationKeys;

/// <summary>The dialog picks a day; a key chosen to expire on a day works until that day's last second (UTC).</summary>
public static class ExpiryDay
{
    public static DateTimeOffset EndOf(DateTime day) =>
        new DateTimeOffset(DateTime.SpecifyKind(day.Date, DateTimeKind.Utc)).AddDays(1).AddSeconds(-1);

    public static DateTime Of(DateTimeOffset expiresAt) => expiresAt.UtcDateTime.Date;
}
