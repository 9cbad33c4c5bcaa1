namespace ApiKeys.Domain.Hmac;

/// <summary>
/// A set of non-zero 64-bit fingerprints with open addressing: the fingerprint sits in its slot, so a lookup is one
/// memory access, and clearing keeps the capacity. One writer at a time (the caller's lock); readers need no lock: a
/// grown table is published whole, and a reader racing an add may just not see it yet.
/// </summary>
internal sealed class FingerprintTable
{
    private ulong[] _slots = new ulong[1024];
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public bool Contains(ulong fingerprint)
    {
        var slots = Volatile.Read(ref _slots);
        var mask = slots.Length - 1;
        for (var i = (int)(fingerprint >> 32) & mask; ; i = (i + 1) & mask)
        {
            var slot = Volatile.Read(ref slots[i]);
            if (slot == fingerprint)
            {
                return true;
            }

            if (slot == 0UL)
            {
                return false;
            }
        }
    }

    /// <summary>Adds the fingerprint; false when it was there already.</summary>
    public bool Add(ulong fingerprint)
    {
        if (_count >= _slots.Length / 2)
        {
            var grown = new ulong[_slots.Length * 2];
            foreach (var kept in _slots)
            {
                if (kept != 0UL)
                {
                    Insert(grown, kept);
                }
            }

            Volatile.Write(ref _slots, grown);
        }

        if (!Insert(_slots, fingerprint))
        {
            return false;
        }

        Volatile.Write(ref _count, _count + 1);
        return true;
    }

    public void Clear()
    {
        Array.Clear(_slots);
        _count = 0;
    }

    private static bool Insert(ulong[] slots, ulong fingerprint)
    {
        var mask = slots.Length - 1;
        for (var i = (int)(fingerprint >> 32) & mask; ; i = (i + 1) & mask)
        {
            if (slots[i] == fingerprint)
            {
                return false;
            }

            if (slots[i] == 0UL)
            {
                Volatile.Write(ref slots[i], fingerprint);
                return true;
            }
        }
    }
}
