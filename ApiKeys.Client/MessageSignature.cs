using System.Buffers;
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
        var components = coveredComponents.ToList();
        var size = Encoding.UTF8.GetMaxByteCount(components.Sum(c => c.Key.Length + c.Value.Length + 5) + signatureParameters.Length + 21);
        var buffer = ArrayPool<byte>.Shared.Rent(size);
        try
        {
            var writer = new SignatureBaseWriter(buffer);
            foreach (var (name, value) in components)
            {
                writer.Component(name, value);
            }

            return Encoding.UTF8.GetString(buffer, 0, writer.Finish(signatureParameters));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
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
        SplitTarget(requestTarget, out var path, out var query);
        return (path.ToString(), query.ToString());
    }

    /// <summary>
    /// The same split without allocating, for the server's verifier. An absolute-form target
    /// (<c>http://host/path?q</c>, RFC 9112 §3.2.2) gives its path only (RFC 9421 §2.2.6), and an empty path is <c>/</c>.
    /// </summary>
    public static void SplitTarget(ReadOnlySpan<char> requestTarget, out ReadOnlySpan<char> path, out ReadOnlySpan<char> query)
    {
        if (!requestTarget.IsEmpty && requestTarget[0] != '/' && requestTarget.IndexOf("://") is > 0 and var schemeEnd)
        {
            var afterAuthority = requestTarget[(schemeEnd + 3)..];
            var end = afterAuthority.IndexOfAny('/', '?');
            requestTarget = end < 0 ? "" : afterAuthority[end..];
        }

        var question = requestTarget.IndexOf('?');
        path = question < 0 ? requestTarget : requestTarget[..question];
        path = path.IsEmpty ? "/" : path;
        query = question < 0 ? "?" : requestTarget[question..];
    }

    /// <summary>
    /// The length of <c>@authority</c> within a lower-cased Host value: without the scheme's default port
    /// (<c>:80</c> for http, <c>:443</c> for https), as RFC 9421 §2.2.3 normalises it.
    /// </summary>
    public static int AuthorityLength(ReadOnlySpan<char> lowerCaseHost, string scheme) =>
        scheme.Equals("http", StringComparison.OrdinalIgnoreCase) && lowerCaseHost.EndsWith(":80") ? lowerCaseHost.Length - 3
        : scheme.Equals("https", StringComparison.OrdinalIgnoreCase) && lowerCaseHost.EndsWith(":443") ? lowerCaseHost.Length - 4
        : lowerCaseHost.Length;

    /// <summary><c>@authority</c> for a Host value and the request's scheme: lower case, without the default port.</summary>
    public static string Authority(string host, string scheme)
    {
        var lower = host.ToLowerInvariant();
        return lower[..AuthorityLength(lower, scheme)];
    }

    /// <summary>A fresh nonce: 32 URL-safe characters from 192 random bits.</summary>
    public static string NewNonce() =>
        Convert.ToBase64String(RandomNumberGenerator.GetBytes(24)).Replace('+', '-').Replace('/', '_');
}

/// <summary>
/// Writes a signature base (RFC 9421 §2.5) as UTF-8 into a caller's buffer, allocating nothing: the server verifies
/// with it and <see cref="MessageSignature.SignatureBase"/> is built from it.
/// </summary>
public ref struct SignatureBaseWriter(Span<byte> destination)
{
    private readonly Span<byte> _destination = destination;
    private int _written;
    private bool _overflow;

    /// <summary>Adds the line <c>"name": value</c>.</summary>
    public void Component(scoped ReadOnlySpan<char> name, scoped ReadOnlySpan<char> value)
    {
        Write("\"");
        Write(name);
        Write("\": ");
        Write(value);
        Write("\n");
    }

    /// <summary>Adds the <c>"@signature-params"</c> line; returns the bytes written, or -1 when the buffer was too small.</summary>
    public int Finish(scoped ReadOnlySpan<char> signatureParameters)
    {
        Write("\"@signature-params\": ");
        Write(signatureParameters);
        return _overflow ? -1 : _written;
    }

    private void Write(scoped ReadOnlySpan<char> text)
    {
        if (!_overflow && Encoding.UTF8.TryGetBytes(text, _destination[_written..], out var written))
        {
            _written += written;
        }
        else
        {
            _overflow = true;
        }
    }
}
