using System.Collections.Concurrent;

namespace ApiKeys.Domain.Limits;

/// <summary>
/// Each key's calls in its current window, in this instance's memory: exact on one instance; with several and no
/// Redis, each applies the limit on its own (start-up says so).
/// </summary>
public sealed class MemoryKeyRateCounter : IKeyRateCounter
{
    private sealed class Window(long index)
    {
        public long Index = index;
        public long Count;
    }

    private readonly ConcurrentDictionary<Guid, Window> _windows = new();

    public ValueTask<long> CountAsync(Guid keyId, RateLimit rate, long window, CancellationToken cancellationToken)
    {
        var current = _windows.GetOrAdd(keyId, static (_, index) => new Window(index), window);
        lock (current)
        {
            if (current.Index != window)
            {
                (current.Index, current.Count) = (window, 0);
            }

            return ValueTask.FromResult(++current.Count);
        }
    }
}
