using System.Security.Cryptography;
using System.Text;

namespace ApiKeys.Domain.Hmac;

/// <summary>
/// What the shared replay stores keep of a used nonce: the first 16 bytes of SHA-256 over the token, a zero byte and
/// the nonce. The same on every instance, short enough to index cheaply, and no one can aim a nonce at another's.
/// </summary>
public static class ReplayFingerprint
{
    public const int Length = 16;

    public static UInt128 Of(string token, string nonce)
    {
        Span<byte> input = stackalloc byte[Encoding.UTF8.GetMaxByteCount(token.Length + nonce.Length + 1)];
        var length = Encoding.UTF8.GetBytes(token, input);
        input[length++] = 0;
        length += Encoding.UTF8.GetBytes(nonce, input[length..]);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(input[..length], hash);
        return System.Buffers.Binary.BinaryPrimitives.ReadUInt128BigEndian(hash);
    }

    public static byte[] ToBytes(UInt128 fingerprint)
    {
        var bytes = new byte[Length];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt128BigEndian(bytes, fingerprint);
        return bytes;
    }

    public static UInt128 FromBytes(ReadOnlySpan<byte> bytes) => System.Buffers.Binary.BinaryPrimitives.ReadUInt128BigEndian(bytes);
}
