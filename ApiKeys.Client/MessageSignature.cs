using System.Security.Cryptography;
using System.Text;

namespace ApiKeys.Client;

/// <summary>
/// The ApiKeys profile of RFC 9421 HTTP Message Signatures with hmac-sha256: the one place that builds the
/// signature base, used by the client signer and the server verifier alike.
/// </summary>
public static class MessageSignature
{
    /// <summary>The only algorithm of the profile.</summary>
    public const string Algorithm = "hmac-sha256";

    /// <summary>The label this client gives its signature.</summary>
    public const string Label = "sig1";

    /// <summary>Components every signature must cover; <c>content-digest</c> too when there is a body.</summary>
    public static readonly IReadOnlyList<string> RequiredComponents = ["@method", "@authority", "@path", "@query"];

    /// <summary>
    /// The inner list and parameters that go after <c>sig1=</c> in <c>Signature-Input</c>, for example
    /// <c>("@method" "@authority" "@path" "@query");created=1700000000;nonce="…";keyid="…";alg="hmac-sha256"</c>.
    /// </summary>
    public static string SignatureParameters(IEnumerable<string> components, long created, string nonce, string keyId, long? expires = null)
    {
        var text = new StringBuilder("(");
        text.AppendJoin(' ', components.Select(c => $"\"{c}\""));
        text.Append(");created=").Append(created);
        if (expires is { } until)
        {
            text.Append(";expires=").Append(until);
        }

        return text.Append(";nonce=\"").Append(nonce)
            .Append("\";keyid=\"").Append(keyId)
            .Append("\";alg=\"").Append(Algorithm).Append('"')
            .ToString();
    }

    /// <summary>
    /// The signature base (RFC 9421 §2.5): one <c>"name": value</c> line per covered component in order, then the
    /// <c>"@signature-params"</c> line; joined by <c>\n</c>, no trailing newline.
    /// </summary>
    public static string SignatureBase(IEnumerable<KeyValuePair<string, string>> coveredComponents, string signatureParameters)
    {
        var text = new StringBuilder(256);
        foreach (var (name, value) in coveredComponents)
        {
            text.Append('"').Append(name).Append("\": ").Append(value).Append('\n');
        }

        return text.Append("\"@signature-params\": ").Append(signatureParameters).ToString();
    }

    /// <summary>base64(HMAC-SHA256(key = base64-decoded secret, signature base as UTF-8)).</summary>
    public static string Sign(string secret, string signatureBase) =>
        Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(secret), Encoding.UTF8.GetBytes(signatureBase)));

    /// <summary>The <c>Content-Digest</c> value for a body (RFC 9530): <c>sha-256=:base64:</c>.</summary>
    public static string ContentDigest(ReadOnlySpan<byte> body) => $"sha-256=:{Convert.ToBase64String(SHA256.HashData(body))}:";

    /// <summary>
    /// Splits a request target as sent on the wire into <c>@path</c> and <c>@query</c> (<c>?</c> when there is none).
    /// </summary>
    public static (string Path, string Query) PathAndQuery(string requestTarget)
    {
        var question = requestTarget.IndexOf('?');
        return question < 0
            ? (requestTarget, "?")
            : (requestTarget[..question], requestTarget[question..]);
    }

    /// <summary>A fresh nonce: 32 URL-safe characters from 192 random bits.</summary>
    public static string NewNonce() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');
}
