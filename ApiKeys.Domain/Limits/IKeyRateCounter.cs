namespace ApiKeys.Domain.Limits;

/// <summary>Counts a key's calls in the rate limit's current window: in memory on one instance, in Redis across several.</summary>
public interface IKeyRateCounter
{
    /// <summary>Counts this call; the calls counted in its window so far, this one included.</summary>
    ValueTask<long> CountAsync(Guid keyId, RateLimit rate, long window, CancellationToken cancellationToken);
}
