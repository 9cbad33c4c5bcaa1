using ApiKeys.Client;
using ApiKeys.Domain.Keys;

namespace ApiKeys.Benchmarks;

/// <summary>
/// Signs many GET requests ahead of a load test, each with a fresh nonce, so the load generator only replays headers:
/// one line per request, <c>Signature-Input</c> and <c>Signature</c> separated by a tab. The key comes from
/// APIKEYS_TOKEN and APIKEYS_SECRET. With <c>forgedEvery</c> = N, every Nth request is signed instead with a made-up
/// keyid and secret, as a flood of unknown keys would be.
/// </summary>
public static class Presign
{
    public static async Task<int> WriteAsync(Uri url, int count, int forgedEvery, TextWriter output)
    {
        var credentials = new HmacCredentials(
            Environment.GetEnvironmentVariable("APIKEYS_TOKEN") ?? throw new InvalidOperationException("Set APIKEYS_TOKEN."),
            Environment.GetEnvironmentVariable("APIKEYS_SECRET") ?? throw new InvalidOperationException("Set APIKEYS_SECRET."));
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < count; i++)
        {
            var forged = forgedEvery > 0 && i % forgedEvery == forgedEvery - 1;
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            await HmacSigningHandler.SignAsync(request, forged ? new HmacCredentials(KeySecrets.NewToken(), KeySecrets.NewSecret()) : credentials, now, MessageSignature.NewNonce());
            await output.WriteLineAsync($"{request.Headers.GetValues("Signature-Input").Single()}\t{request.Headers.GetValues("Signature").Single()}");
        }

        return 0;
    }
}
