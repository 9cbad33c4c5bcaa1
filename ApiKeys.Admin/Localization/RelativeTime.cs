using Microsoft.Extensions.Localization;

namespace ApiKeys.Admin.Localization;

/// <summary>"in 5 days", "3 hours ago" — in the UI language.</summary>
public static class RelativeTime
{
    public static string Describe(this IStringLocalizer texts, DateTimeOffset when, DateTimeOffset now)
    {
        var delta = when - now;
        var future = delta > TimeSpan.Zero;
        var span = delta.Duration();
        var (unit, count) = span.TotalDays >= 1 ? ("Days", (long)span.TotalDays)
            : span.TotalHours >= 1 ? ("Hours", (long)span.TotalHours)
            : ("Minutes", (long)span.TotalMinutes);

        if (count == 0)
        {
            return texts["Now"];
        }

        return texts.Plural(future ? $"In{unit}" : $"{unit}Ago", count);
    }
}
