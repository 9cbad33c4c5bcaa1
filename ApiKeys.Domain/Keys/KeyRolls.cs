namespace ApiKeys.Domain.Keys;

/// <summary>How long a rolled key keeps working beside its replacement: the choices every path offers.</summary>
public static class KeyRolls
{
    public static readonly IReadOnlyList<TimeSpan> Graces =
        [TimeSpan.Zero, TimeSpan.FromHours(1), TimeSpan.FromHours(24), TimeSpan.FromDays(7), TimeSpan.FromDays(30)];

    /// <summary>The command line's words for them: 0, 1h, 24h, 7d, 30d.</summary>
    public static string Word(TimeSpan grace) =>
        grace == TimeSpan.Zero ? "0" : grace.TotalHours < 24 || grace.TotalHours % 24 != 0 ? $"{grace.TotalHours:0}h" : $"{grace.TotalDays:0}d";
}
