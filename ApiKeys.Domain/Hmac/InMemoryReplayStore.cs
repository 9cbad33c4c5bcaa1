using System.Collections.Concurrent;

namespace ApiKeys.Domain.Hmac;

/// <summary>Replay protection for a single instance: nonces in this process's memory until their window closes.</summary>
public sealed class InMemoryReplayStore(TimeProvider time) : IReplayStore
{
    private readonly ConcurrentDictionary<(string Token, string Nonce), DateTimeOffset> _seen = new();
    private long _nextSweepTicks;

    public ValueTask<bool> TryRememberAsync(string token, string nonce, DateTimeOffset rememberUntil, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        SweepIfDue(now);
        var remembered = _seen.TryAdd((token, nonce), rememberUntil)
            || (_seen.TryGetValue((token, nonce), out var until) && until < now && _seen.TryUpdate((token, nonce), rememberUntil, until));
        return ValueTask.FromResult(remembered);
    }

    private void SweepIfDue(DateTimeOffset now)
    {
        var next = Interlocked.Read(ref _nextSweepTicks);
        if (now.UtcTicks < next || Interlocked.CompareExchange(ref _nextSweepTicks, now.AddSeconds(30).UtcTicks, next) != next)
        {
            return;
        }

        foreach (var (key, until) in _seen)
        {
            if (until < now)
            {
                _seen.TryRemove(key, out _);
            }
        }
    }
}
