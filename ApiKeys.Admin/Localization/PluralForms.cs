using System.Globalization;
using Microsoft.Extensions.Localization;

namespace ApiKeys.Admin.Localization;

/// <summary>Picks the plural form of a text by the UI language's rules (Russian has three).</summary>
public static class PluralForms
{
    public static string Plural(this IStringLocalizer localizer, string key, long count, params object[] more) =>
        localizer[$"{key}_{Form(count, CultureInfo.CurrentUICulture)}", [count, .. more]];

    internal static string Form(long count, CultureInfo culture)
    {
        var n = Math.Abs(count);
        if (culture.TwoLetterISOLanguageName != "ru")
        {
            return n == 1 ? "one" : "many";
        }

        return (n % 10, n % 100) switch
        {
            (1, not 11) => "one",
            (>= 2 and <= 4, not (>= 12 and <= 14)) => "few",
            _ => "many",
        };
    }
}
