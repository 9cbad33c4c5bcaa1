using System.Security.Cryptography;

namespace ApiKeys.Domain.Hmac;

/// <summary>
/// HMAC (SHA-256 for RFC 9421, SHA-512 for the Comindware scheme) under one key, computed with instances already keyed: a cached key skips the key schedule, which
/// otherwise costs as much as hashing a whole signature base. The instances wait in a few lock-free slots; a call
/// takes one, or makes one when all are busy, and puts it back afterwards. When the key leaves the cache its instances
/// are left to their finalizers, which free the native state and the key copy in it: a call may still hold one.
/// </summary>
public sealed class KeyedHmac(HashAlgorithmName algorithm, byte[] key)
{
    private readonly IncrementalHash?[] _idle = new IncrementalHash?[Math.Min(Environment.ProcessorCount, 16)];

    /// <summary>Writes the HMAC of <paramref name="data"/> into <paramref name="mac"/> (32 bytes for SHA-256, 64 for SHA-512).</summary>
    public void Compute(ReadOnlySpan<byte> data, Span<byte> mac)
    {
        var hmac = Take() ?? IncrementalHash.CreateHMAC(algorithm, key);
        hmac.AppendData(data);
        hmac.GetHashAndReset(mac); // back to the keyed state, ready for the next call
        PutBack(hmac);
    }

    private IncrementalHash? Take()
    {
        var start = Environment.CurrentManagedThreadId;
        for (var i = 0; i < _idle.Length; i++)
        {
            if (Interlocked.Exchange(ref _idle[(start + i) % _idle.Length], null) is { } hmac)
            {
                return hmac;
            }
        }

        return null;
    }

    private void PutBack(IncrementalHash hmac)
    {
        var start = Environment.CurrentManagedThreadId;
        for (var i = 0; i < _idle.Length; i++)
        {
            if (Interlocked.CompareExchange(ref _idle[(start + i) % _idle.Length], hmac, null) is null)
            {
                return;
            }
        }

        hmac.Dispose();
    }
}
