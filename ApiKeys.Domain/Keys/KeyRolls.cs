namespace ApiKeys.Domain.Keys;

/// <summary>How long a rolled key keeps working beside its replacement: the choices every path offers.</summary>
public static class KeyRolls
{
    public static readonly IReadOnlyList<TimeSpan> Graces =
        [TimeSpan.Zero, TimeSpan.FromHours(1), TimeSpan.FromHours(24), TimeSpan.FromDays(7), TimeSpan.FromDays(30)];

    /// <summary>The command line's words for them: 0, 1h, 24h, 7d, 30d.</summary>
    public static string Word(TimeSpan grace) =>
        grace == TimeSpan.Zero ? "0" : grace.TotalHours <= 24 || grace.TotalHours % 24 != 0 ? $"{grace.TotalHours:0}h" : $"{grace.TotalDays:0}d";

    /// <summary>
    /// A grace as people write it: a number of hours or days (<c>24h</c> and <c>1d</c> alike, <c>0</c>) or a time span
    /// (<c>1.00:00:00</c>); null unless it is one of <see cref="Graces"/>.
    /// </summary>
    public static TimeSpan? Parse(string text)
    {
        text = text.Trim().ToLowerInvariant();
        TimeSpan? read = text.Length > 1 && int.TryParse(text[..^1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var count)
            ? text[^1] switch { 'h' => TimeSpan.FromHours(count), 'd' => TimeSpan.FromDays(count), _ => null }
            : text == "0" ? TimeSpan.Zero
            : TimeSpan.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out var span) ? span : null;
        return read is { } grace && Graces.Contains(grace) ? grace : null;
    }
}
