using System.Security.Cryptography;
using System.Text;

namespace ApiKeys.Domain.Hmac;

/// <summary>
/// Replay protection for a single instance. Nonces are kept as 128-bit fingerprints in one hash set per 10-second
/// slice of time: a set of structs is cheap for the garbage collector even at millions of entries, and a slice whose
/// window has closed is dropped whole instead of swept entry by entry.
/// </summary>
public sealed class InMemoryReplayStore(TimeProvider time) : IReplayStore
{
    private static readonly long SliceTicks = TimeSpan.FromSeconds(10).Ticks;

    private readonly Lock _gate = new();
    private readonly Dictionary<long, HashSet<UInt128>> _slices = [];
    private int _lastSliceCount = 1024;

    public ValueTask<bool> TryRememberAsync(string token, string nonce, DateTimeOffset rememberUntil, CancellationToken cancellationToken)
    {
        var fingerprint = Fingerprint(token, nonce);
        var now = time.GetUtcNow().UtcTicks;
        var slice = rememberUntil.UtcTicks / SliceTicks + 1; // kept at least until rememberUntil
        lock (_gate)
        {
            foreach (var (end, seen) in _slices)
            {
                if (end * SliceTicks >= now && seen.Contains(fingerprint))
                {
                    return ValueTask.FromResult(false);
                }
            }

            if (!_slices.TryGetValue(slice, out var set))
            {
                foreach (var (end, old) in _slices.Where(s => s.Key * SliceTicks < now).ToList())
                {
                    _lastSliceCount = Math.Max(_lastSliceCount, old.Count);
                    _slices.Remove(end);
                }

                // Sized like the busiest slice so far: growing a set of many entries under the lock would stall requests.
                _slices[slice] = set = new HashSet<UInt128>(_lastSliceCount);
            }

            set.Add(fingerprint);
            return ValueTask.FromResult(true);
        }
    }

    private static UInt128 Fingerprint(string token, string nonce)
    {
        Span<byte> input = stackalloc byte[Encoding.UTF8.GetMaxByteCount(token.Length + nonce.Length + 1)];
        var length = Encoding.UTF8.GetBytes(token, input);
        input[length++] = 0;
        length += Encoding.UTF8.GetBytes(nonce, input[length..]);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(input[..length], hash);
        return new UInt128(BitConverter.ToUInt64(hash), BitConverter.ToUInt64(hash[8..]));
    }
}
