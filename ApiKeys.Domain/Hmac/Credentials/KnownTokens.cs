using System.IO.Hashing;
using System.Security.Cryptography;
using System.Text;

namespace ApiKeys.Domain.Hmac;

/// <summary>
/// A 64-bit fingerprint of every key's token, so a keyid that belongs to no key is refused without a database read
/// (16 bytes a key at most: 16 MB for a million). It only grows between full loads: a deleted key's fingerprint stays
/// until the next load and merely sends its token to the database. Reads take no lock; a read racing an add may miss
/// it, which sends the token to the database too.
/// </summary>
internal sealed class KnownTokens
{
    private readonly Lock _gate = new();
    private readonly FingerprintTable _fingerprints = new();
    private readonly long _seed = BitConverter.ToInt64(RandomNumberGenerator.GetBytes(sizeof(long)));

    public int Count => _fingerprints.Count;

    public bool Contains(string token) => _fingerprints.Contains(Fingerprint(token));

    public void Add(string token)
    {
        var fingerprint = Fingerprint(token);
        lock (_gate)
        {
            _fingerprints.Add(fingerprint);
        }
    }

    private ulong Fingerprint(string token)
    {
        Span<byte> bytes = stackalloc byte[256];
        var fingerprint = Encoding.UTF8.TryGetBytes(token, bytes, out var written)
            ? XxHash3.HashToUInt64(bytes[..written], _seed)
            : XxHash3.HashToUInt64(Encoding.UTF8.GetBytes(token), _seed);
        return fingerprint == 0UL ? 1UL : fingerprint; // zero marks an empty slot
    }
}
