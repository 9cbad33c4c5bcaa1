using System.Net;
using System.Text;
using ApiKeys.Client;
using ApiKeys.Domain.Accounts;
using ApiKeys.Tests.Support;

namespace ApiKeys.Tests.Hmac;

/// <summary>Ten thousand malformed signature headers, seeded so a failure can be replayed: never a 5xx, never accepted.</summary>
public sealed class MalformedSignatureTests(ApiKeysApp app) : IClassFixture<ApiKeysApp>
{
    private const int Seed = 20261126;
    private const int Cases = 10_000;

    [Fact]
    public async Task Malformed_headers_are_refused_with_4xx_and_never_accepted()
    {
        await app.CreateAccountAsync("fuzz.admin", "Fuzz", SystemRole.Administrators);
        var key = await app.CreateKeyAsync("fuzz.admin");
        var valid = new HttpRequestMessage(HttpMethod.Get, new Uri(app.BaseAddress, "/api/v1/account"));
        await HmacSigningHandler.SignAsync(valid, new HmacCredentials(key.Key.Token, key.Secret), DateTimeOffset.UtcNow, MessageSignature.NewNonce());
        var validInput = valid.Headers.GetValues("Signature-Input").Single();
        var validSignature = valid.Headers.GetValues("Signature").Single();
        var random = new Random(Seed);
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 8 }) { BaseAddress = app.BaseAddress };

        // Spend the template's nonce first: a mutation that still means the same signature (base64 pad bits, which
        // RFC 8941 says parsers should tolerate) must then be refused as a replay, not accepted.
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(valid)).StatusCode);
        var statuses = new Dictionary<HttpStatusCode, int>();

        for (var batch = 0; batch < Cases / 100; batch++)
        {
            var requests = Enumerable.Range(0, 100).Select(_ => Malformed(random, validInput, validSignature, key.Key.Token)).ToList();
            var responses = await Task.WhenAll(requests.Select(r => client.SendAsync(r)));
            for (var i = 0; i < responses.Length; i++)
            {
                var status = responses[i].StatusCode;
                statuses[status] = statuses.GetValueOrDefault(status) + 1;
                Assert.True((int)status is >= 400 and < 500,
                    $"{status} for Signature-Input [{Header(requests[i], "Signature-Input")}] Signature [{Header(requests[i], "Signature")}] Authorization [{Header(requests[i], "Authorization")}]");
            }
        }

        Assert.Equal(Cases, statuses.Values.Sum());
        Assert.True(statuses.Keys.All(s => s is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden), string.Join(", ", statuses));
    }

    [Theory]
    [InlineData("created", "999999999999999")]
    [InlineData("created", "253402300800")]
    [InlineData("created", "-62135596801")]
    [InlineData("created", "-999999999999999")]
    [InlineData("expires", "999999999999999")]
    [InlineData("expires", "-999999999999999")]
    public async Task Out_of_range_times_from_a_known_key_are_a_401_problem_not_a_500(string parameter, string value)
    {
        var login = $"range.{Guid.NewGuid():n}";
        await app.CreateAccountAsync(login, "Range", SystemRole.Administrators);
        var key = await app.CreateKeyAsync(login);
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(app.BaseAddress, "/api/v1/account"));
        await HmacSigningHandler.SignAsync(request, new HmacCredentials(key.Key.Token, key.Secret), DateTimeOffset.UtcNow, MessageSignature.NewNonce());
        var input = request.Headers.GetValues("Signature-Input").Single();
        input = parameter == "created"
            ? System.Text.RegularExpressions.Regex.Replace(input, @"created=-?\d+", $"created={value}")
            : input + $";expires={value}";
        request.Headers.Remove("Signature-Input");
        request.Headers.TryAddWithoutValidation("Signature-Input", input);
        using var client = app.PlainClient();

        var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private static HttpRequestMessage Malformed(Random random, string input, string signature, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/account");
        switch (random.Next(4))
        {
            case 0:
                request.Headers.TryAddWithoutValidation("Signature-Input", Mutate(random, input));
                request.Headers.TryAddWithoutValidation("Signature", signature);
                break;
            case 1:
                request.Headers.TryAddWithoutValidation("Signature-Input", input);
                request.Headers.TryAddWithoutValidation("Signature", Mutate(random, signature));
                break;
            case 2:
                request.Headers.TryAddWithoutValidation("Signature-Input", Mutate(random, input));
                request.Headers.TryAddWithoutValidation("Signature", Mutate(random, signature));
                break;
            default:
                request.Headers.TryAddWithoutValidation("Authorization", Mutate(random, $"HMAC {token}:{Convert.ToBase64String(new byte[64])}"));
                break;
        }

        return request;
    }

    /// <summary>Flips, drops, duplicates or inserts characters, or swaps in fragments that parsers trip on.</summary>
    private static string Mutate(Random random, string text)
    {
        string mutated;
        do
        {
            mutated = MutateOnce(random, text);
        }
        while (mutated == text);

        return mutated;
    }

    private static string MutateOnce(Random random, string text)
    {
        const string alphabet = "\"();=:,*?@-_ \t\\/+0123456789abcxyzABCXYZ.$%&'^`|~!#";
        string[] fragments = ["\"", "(", ")", ";", "=", ":", ",", "?0", "?1", "-1", "99999999999999999", "999999999999999", "253402300800", "-62135596801", "created=999999999999999", "1.5", "\\\"", "=:", "::", "()", "sig1=", "*x", "tag=1", "expires=0"];
        var builder = new StringBuilder(text);
        var edits = 1 + random.Next(4);
        for (var e = 0; e < edits; e++)
        {
            var at = builder.Length == 0 ? 0 : random.Next(builder.Length);
            switch (random.Next(5))
            {
                case 0 when builder.Length > 0:
                    builder[at] = alphabet[random.Next(alphabet.Length)];
                    break;
                case 1 when builder.Length > 0:
                    builder.Remove(at, Math.Min(builder.Length - at, 1 + random.Next(8)));
                    break;
                case 2:
                    builder.Insert(at, fragments[random.Next(fragments.Length)]);
                    break;
                case 3:
                    builder.Length = at;
                    break;
                default:
                    builder.Insert(at, alphabet[random.Next(alphabet.Length)]);
                    break;
            }
        }

        return builder.ToString();
    }

    private static string Header(HttpRequestMessage request, string name) =>
        request.Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : "";
}
