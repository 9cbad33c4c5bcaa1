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

    /// <summary>64 random bytes, base64: the HMAC key the external system signs with.</summary>
    public static string NewSecret() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(SecretBytes));

    public string Protect(string secret) => _protector.Protect(secret);

    public string Unprotect(string protectedSecret) => _protector.Unprotect(protectedSecret);
}
