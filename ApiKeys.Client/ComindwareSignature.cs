using System.Security.Cryptography;
using System.Text;

namespace ApiKeys.Client;

/// <summary>
/// The scheme of Comindware's published .NET client (<c>Authorization: HMAC token:signature</c>, HMAC-SHA512),
/// kept for compatibility. It signs neither the query nor a nonce and hashes the body with MD5: prefer <see cref="MessageSignature"/>.
/// </summary>
public static class ComindwareSignature
{
    /// <summary>The <c>Authorization</c> scheme name.</summary>
    public const string Scheme = "HMAC";

    /// <summary>
    /// <c>METHOD\nlower-case path\nDate\nExpires\nContent-Type\nbody-hash</c>; header values as sent, empty when absent.
    /// With <paramref name="bodyHash"/> null the last line is left out (accepted for an empty body).
    /// </summary>
    public static string StringToSign(string method, string path, string? date, string? expires, string? contentType, string? bodyHash)
    {
        var text = new StringBuilder()
            .Append(method.ToUpperInvariant()).Append('\n')
            .Append(path.ToLowerInvariant()).Append('\n')
            .Append(date).Append('\n')
            .Append(expires).Append('\n')
            .Append(contentType);
        return bodyHash is null ? text.ToString() : text.Append('\n').Append(bodyHash).ToString();
    }

    /// <summary>base64(MD5(body)), the body hash when no <c>Content-MD5</c> header is sent.</summary>
    public static string BodyHash(ReadOnlySpan<byte> body) => Convert.ToBase64String(MD5.HashData(body));

    /// <summary>base64(HMAC-SHA512(key = base64-decoded secret, string-to-sign as UTF-8)).</summary>
    public static string Sign(string secret, string stringToSign) =>
        Convert.ToBase64String(HMACSHA512.HashData(Convert.FromBase64String(secret), Encoding.UTF8.GetBytes(stringToSign)));

    /// <summary>The whole <c>Authorization</c> header value.</summary>
    public static string Authorization(string token, string signature) => $"{Scheme} {token}:{signature}";
}
