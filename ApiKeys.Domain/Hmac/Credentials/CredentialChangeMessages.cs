namespace ApiKeys.Domain.Hmac;

/// <summary>Messages of changes, one per line, each at most <see cref="MaxLength"/> characters (PostgreSQL's NOTIFY takes 8,000 bytes).</summary>
public static class CredentialChangeMessages
{
    public const int MaxLength = 7_000;

    public static IEnumerable<string> Write(IReadOnlyList<CredentialChange> changes)
    {
        var message = new System.Text.StringBuilder();
        foreach (var change in changes)
        {
            var line = change.ToString();
            if (message.Length > 0 && message.Length + 1 + line.Length > MaxLength)
            {
                yield return message.ToString();
                message.Clear();
            }

            message.Append(message.Length > 0 ? "\n" : "").Append(line);
        }

        if (message.Length > 0)
        {
            yield return message.ToString();
        }
    }

    /// <summary>The changes a message carries; a line that is not a change makes everything stale, to be safe.</summary>
    public static IReadOnlyList<CredentialChange> Read(string message) =>
        [.. message.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => CredentialChange.TryParse(line, out var change) ? change : CredentialChange.Everything)];
}
