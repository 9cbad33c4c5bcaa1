using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace ApiKeys.Domain.Keys;

/// <summary>Makes tokens and secrets, and encrypts secrets for storage with Data Protection.</summary>
public sealed class KeySecrets(IDataProtectionProvider dataProtection)
{
    public const int TokenBytes = 20;
    public const int SecretBytes = 64;

    private readonly IDataProtector _protector = dataProtection.CreateProtector("ApiKeys.AuthenticationKey.Secret.v1");

    /// <summary>160 random bits as lower-case hex: URL-safe, header-safe, and never mistaken for a command-line option.</summary>
    public static string NewToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(TokenBytes));

    /// <summary>Whether the text could be a token at all (40 lower-case hex digits), so anything else is refused unread.</summary>
    public static bool IsTokenShape(ReadOnlySpan<char> text) => text.Length == TokenBytes * 2 && !text.ContainsAnyExcept(HexDigits);

    private static readonly System.Buffers.SearchValues<char> HexDigits = System.Buffers.SearchValues.Create("0123456789abcdef");

    /// <summary>64 random bytes, base64: the HMAC key the external system signs with.</summary>
    public static string NewSecret() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(SecretBytes));

    public string Protect(string secret) => _protector.Protect(secret);

    public string Unprotect(string protectedSecret) => _protector.Unprotect(protectedSecret);
}
