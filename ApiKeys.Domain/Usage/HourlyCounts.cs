using System.Collections.Concurrent;

namespace ApiKeys.Domain.Usage;

/// <summary>
/// Calls accepted and refused per subject (a key, a gateway route) and hour, in memory: a call adds to a counter and
/// never waits; a flush takes what was counted, and puts it back when its write failed.
/// </summary>
internal sealed class HourlyCounts<TSubject>
    where TSubject : notnull
{
    private sealed class Counts
    {
        public long Accepted;
        public long Refused;
        public readonly long[] Reasons = new long[RefusalCounts.Count];
    }

    public readonly record struct Taken(TSubject Subject, long Hour, long Accepted, long Refused, RefusalCounts Reasons);

    private readonly ConcurrentDictionary<(TSubject Subject, long Hour), Counts> _counts = new();

    public void Add(TSubject subject, long hour, bool accepted) => Add(subject, hour, accepted, -1);

    /// <summary>Counts a call; a refused one under its reason too (<see cref="RefusalCounts.IndexOf"/>, -1: none of them).</summary>
    public void Add(TSubject subject, long hour, bool accepted, int reason)
    {
        var counts = _counts.GetOrAdd((subject, hour), static _ => new Counts());
        Interlocked.Increment(ref accepted ? ref counts.Accepted : ref counts.Refused);
        if (!accepted && reason >= 0)
        {
            Interlocked.Increment(ref counts.Reasons[reason]);
        }
    }

    /// <summary>Everything counted so far, zeroed; hours that ended a while ago and got nothing more are forgotten.</summary>
    public List<Taken> Take(long currentHour)
    {
        var taken = new List<Taken>();
        Span<long> reasons = stackalloc long[RefusalCounts.Count];
        foreach (var (key, counts) in _counts)
        {
            var accepted = Interlocked.Exchange(ref counts.Accepted, 0);
            var refused = Interlocked.Exchange(ref counts.Refused, 0);
            reasons.Clear();
            for (var i = 0; i < reasons.Length; i++)
            {
                reasons[i] = Interlocked.Exchange(ref counts.Reasons[i], 0);
            }

            if (accepted + refused > 0)
            {
                taken.Add(new Taken(key.Subject, key.Hour, accepted, refused, RefusalCounts.From(reasons)));
            }
            else if (key.Hour < currentHour - 1)
            {
                _counts.TryRemove(key, out _);
            }
        }

        return taken;
    }

    /// <summary>Counts taken for a write that failed: written with the next one.</summary>
    public void PutBack(IEnumerable<Taken> taken)
    {
        foreach (var t in taken)
        {
            var counts = _counts.GetOrAdd((t.Subject, t.Hour), static _ => new Counts());
            Interlocked.Add(ref counts.Accepted, t.Accepted);
            Interlocked.Add(ref counts.Refused, t.Refused);
            long[] reasons = [t.Reasons.Signature, t.Reasons.Replay, t.Reasons.Scope, t.Reasons.Address, t.Reasons.Rate, t.Reasons.Quota];
            for (var i = 0; i < reasons.Length; i++)
            {
                Interlocked.Add(ref counts.Reasons[i], reasons[i]);
            }
        }
    }
}
