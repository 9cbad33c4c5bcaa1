namespace ApiKeys.Domain.Keys;

/// <summary>How long a key may live: an expiry lies ahead, at most <see cref="Maximum"/> away, kept to the whole second.</summary>
public readonly record struct KeyLifetime(TimeSpan Maximum)
{
    /// <summary>Why the expiry is refused at <paramref name="now"/>, or null.</summary>
    public Refusal? Check(DateTimeOffset expiresAt, DateTimeOffset now)
    {
        if (expiresAt <= now)
        {
            return new Refusal(FailureCode.ExpiryNotInFuture);
        }

        var latest = now + Maximum;
        return expiresAt > latest ? new Refusal(FailureCode.ExpiryBeyondMaximum, latest.UtcDateTime, (int)Maximum.TotalDays) : null;
    }

    /// <summary>Expiries are kept to the second, in UTC, the same on every database.</summary>
    public static DateTimeOffset WholeSeconds(DateTimeOffset value) => DateTimeOffset.FromUnixTimeSeconds(value.ToUnixTimeSeconds());
}
