using System.Collections.Concurrent;

namespace ApiKeys.Domain.Hmac;

/// <summary>
/// A bounded map that, when full, evicts an entry not read since the clock hand last passed it (the CLOCK
/// approximation of least recently used). Reads are lock-free and write at most one flag; adds, removals and
/// evictions take a lock, as they follow a database read anyway.
/// </summary>
internal sealed class ClockCache<TKey, TValue>(int capacity, IEqualityComparer<TKey>? comparer = null)
    where TKey : notnull
{
    private readonly Lock _gate = new();
    private readonly Slot?[] _ring = new Slot?[Math.Max(1, capacity)];
    private readonly Stack<int> _free = new();
    private ConcurrentDictionary<TKey, Slot> _map = new(comparer);
    private int _used; // slots of the ring handed out so far; below it, free ones are on _free
    private int _hand;

    public int Count => _map.Count;

    public int Capacity => _ring.Length;

    public bool TryGet(TKey key, out TValue value)
    {
        if (_map.TryGetValue(key, out var slot))
        {
            if (!slot.Referenced)
            {
                slot.Referenced = true;
            }

            value = slot.Value;
            return true;
        }

        value = default!;
        return false;
    }

    /// <summary>Adds or replaces; when full, first evicts an entry read least recently (approximately).</summary>
    public void Set(TKey key, TValue value)
    {
        lock (_gate)
        {
            if (_map.TryGetValue(key, out var existing))
            {
                existing.Value = value;
                return;
            }

            var index = _free.TryPop(out var free) ? free : _used < _ring.Length ? _used++ : Evict();
            var slot = new Slot(key, value, index);
            _ring[index] = slot;
            _map[key] = slot;
        }
    }

    public void Remove(TKey key)
    {
        lock (_gate)
        {
            if (_map.TryRemove(key, out var slot))
            {
                _ring[slot.Index] = null;
                _free.Push(slot.Index);
            }
        }
    }

    public int RemoveWhere(Func<TValue, bool> doomed)
    {
        var removed = 0;
        lock (_gate)
        {
            for (var i = 0; i < _used; i++)
            {
                if (_ring[i] is { } slot && doomed(slot.Value))
                {
                    _map.TryRemove(slot.Key, out _);
                    _ring[i] = null;
                    _free.Push(i);
                    removed++;
                }
            }
        }

        return removed;
    }

    public void Clear()
    {
        lock (_gate)
        {
            Array.Clear(_ring);
            _free.Clear();
            _used = 0;
            _hand = 0;
            _map = new ConcurrentDictionary<TKey, Slot>(_map.Comparer);
        }
    }

    /// <summary>Moves the hand past entries read since its last pass, clearing their flag, to the first that was not.</summary>
    private int Evict()
    {
        while (true)
        {
            var index = _hand;
            _hand = (_hand + 1) % _ring.Length;
            var slot = _ring[index]!; // full: every slot is taken
            if (slot.Referenced)
            {
                slot.Referenced = false;
                continue;
            }

            _map.TryRemove(slot.Key, out _);
            return index;
        }
    }

    private sealed class Slot(TKey key, TValue value, int index)
    {
        public TKey Key { get; } = key;

        public TValue Value { get; set; } = value;

        public int Index { get; } = index;

        public volatile bool Referenced;
    }
}
