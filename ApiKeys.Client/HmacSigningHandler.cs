namespace ApiKeys.Client;

/// <summary>Signs every outgoing request with an authentication key (RFC 9421 profile, hmac-sha256).</summary>
public sealed class HmacSigningHandler(HmacCredentials credentials, TimeProvider? time = null) : DelegatingHandler
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        await SignAsync(request, credentials, _time.GetUtcNow(), MessageSignature.NewNonce(), cancellationToken);
        return await base.SendAsync(request, cancellationToken);
    }

    /// <summary>Adds <c>Content-Digest</c> (when there is a body), <c>Signature-Input</c> and <c>Signature</c> to a request.</summary>
    public static async Task SignAsync(HttpRequestMessage request, HmacCredentials credentials, DateTimeOffset now, string nonce, CancellationToken cancellationToken = default)
    {
        var uri = request.RequestUri is { IsAbsoluteUri: true } absolute
            ? absolute
            : throw new InvalidOperationException("Set HttpClient.BaseAddress or use an absolute request URI: the authority is signed.");

        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var (path, query) = MessageSignature.PathAndQuery(uri.PathAndQuery);
        var covered = new List<KeyValuePair<string, string>>
        {
            new("@method", request.Method.Method.ToUpperInvariant()),
            new("@authority", MessageSignature.Authority(request.Headers.Host ?? uri.Authority, uri.Scheme)),
            new("@path", path),
            new("@query", query),
        };

        request.Headers.Remove("Content-Digest");
        if (body.Length > 0)
        {
            var digest = MessageSignature.ContentDigest(body);
            request.Headers.TryAddWithoutValidation("Content-Digest", digest);
            covered.Add(new("content-digest", digest));
        }

        var parameters = MessageSignature.SignatureParameters(covered.Select(c => c.Key), now.ToUnixTimeSeconds(), nonce, credentials.Token);
        var signature = MessageSignature.Sign(credentials.Secret, MessageSignature.SignatureBase(covered, parameters));

        request.Headers.Remove("Signature-Input");
        request.Headers.Remove("Signature");
        request.Headers.TryAddWithoutValidation("Signature-Input", $"{MessageSignature.Label}={parameters}");
        request.Headers.TryAddWithoutValidation("Signature", $"{MessageSignature.Label}=:{signature}:");
    }
}
