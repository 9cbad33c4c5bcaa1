using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ApiKeys.Client;
using ApiKeys.Domain;
using ApiKeys.Domain.Accounts;
using ApiKeys.Domain.Audit;
using ApiKeys.Domain.Hmac;
using ApiKeys.Domain.Keys;
using ApiKeys.Tests.Support;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ApiKeys.Tests.Hmac;

/// <summary>
/// Calls naming a keyid no key has are refused ahead of the pipeline once this second's database reads for unknown
/// keyids are spent (here: none are allowed), with the HMAC scheme's own answer and bookkeeping; everything else about
/// such a call is still checked in the scheme's order. Real Kestrel, a real SQLite file.
/// </summary>
public sealed class UnknownKeyRefusalTests : IAsyncLifetime
{
    private ApiKeysApp _app = null!;

    public async Task InitializeAsync()
    {
        _app = new ApiKeysApp(new Dictionary<string, string?>
        {
            ["Authentication:Hmac:UnknownKeyReadsPerSecond"] = "0",
            ["RateLimits:RefusedApiCallsPerAddress:PermitLimit"] = "4",
        });
        var cache = _app.Services.GetRequiredService<ApiKeys.Domain.Hmac.CredentialCache>();
        await Eventually.UntilAsync(() => Task.FromResult(cache.KnowsAllTokens), known => known);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_made_up_keyid_gets_the_same_answer_as_a_deleted_key_and_is_audited_with_its_keyid()
    {
        var deleted = await KeyAsync("deleted.bot");
        await _app.WithAsync<IAuthenticationKeyService, Result<int>>(keys => keys.DeleteAsync([deleted.Key.Id], CancellationToken.None));
        var madeUp = KeySecrets.NewToken();
        using var forger = _app.SignedClient(new HmacCredentials(madeUp, KeySecrets.NewSecret()), from: IPAddress.Parse("127.0.0.3"));
        using var former = _app.SignedClient(deleted, from: IPAddress.Parse("127.0.0.4")); // its token is still among the known: the scheme refuses it

        var early = await forger.GetAsync("/api/v1/account");
        var late = await former.GetAsync("/api/v1/account");

        foreach (var response in new[] { early, late })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        }

        Assert.Equal(late.Headers.WwwAuthenticate.ToString(), early.Headers.WwwAuthenticate.ToString());
        var (earlyProblem, lateProblem) = (await ProblemAsync(early), await ProblemAsync(late));
        foreach (var field in new[] { "type", "title", "status", "detail" })
        {
            Assert.Equal(lateProblem.GetProperty(field).ToString(), earlyProblem.GetProperty(field).ToString());
        }

        Assert.Equal("urn:apikeys:problem:unknown-key", earlyProblem.GetProperty("type").GetString());
        var audited = await Eventually.UntilAsync(AuditedAsync, entries => entries.Any(e => e.Details?.Contains(madeUp) == true));
        Assert.Contains(audited, e => e.Details == $"unknown-key, key {madeUp}" && e.Actor == "127.0.0.3");
    }

    [Fact]
    public async Task Made_up_keyids_count_against_their_address_like_any_refused_call()
    {
        var key = await KeyAsync("flooded.bot");
        var from = IPAddress.Parse("127.0.0.5");
        using var forger = _app.SignedClient(new HmacCredentials(KeySecrets.NewToken(), KeySecrets.NewSecret()), from: from);
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await forger.GetAsync("/api/v1/account")).StatusCode);
        }

        using var honestThere = _app.SignedClient(key, from: from);
        using var honestElsewhere = _app.SignedClient(key, from: IPAddress.Parse("127.0.0.6"));

        Assert.Equal(HttpStatusCode.TooManyRequests, (await honestThere.GetAsync("/api/v1/account")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await honestElsewhere.GetAsync("/api/v1/account")).StatusCode);
    }

    [Theory]
    [InlineData("stale", "urn:apikeys:problem:stale-signature")]
    [InlineData("malformed", "urn:apikeys:problem:malformed-signature")]
    [InlineData("body without digest", "urn:apikeys:problem:malformed-signature")]
    public async Task A_made_up_keyid_on_a_call_refused_for_something_else_gets_that_answer(string flaw, string problemType)
    {
        using var tamperer = new RequestTamperer(request =>
        {
            switch (flaw)
            {
                case "stale":
                    var stale = DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeSeconds();
                    Replace(request, "Signature-Input", input => System.Text.RegularExpressions.Regex.Replace(input, @"created=\d+", $"created={stale}"));
                    break;
                case "malformed":
                    Replace(request, "Signature-Input", input => input.Replace(";alg=", ";alg=="));
                    break;
                default:
                    Replace(request, "Signature-Input", input => input.Replace(" \"content-digest\"", "").Replace("\"content-digest\" ", ""));
                    break;
            }
        });
        using var forger = _app.SignedClient(new HmacCredentials(KeySecrets.NewToken(), KeySecrets.NewSecret()), tamperer, IPAddress.Parse("127.0.0.7"));

        var response = flaw == "body without digest"
            ? await forger.PostAsJsonAsync("/api/v1/keys", new { login = "nobody" })
            : await forger.GetAsync("/api/v1/account");

        Assert.Equal(problemType, (await ProblemAsync(response)).GetProperty("type").GetString());
    }

    [Fact]
    public async Task The_verifier_refuses_from_headers_alone_only_a_keyid_no_key_has()
    {
        var known = await KeyAsync("known.bot");
        var verifier = _app.Services.GetRequiredService<HmacVerifier>();

        var forUnknown = await SignedHeadersAsync(new HmacCredentials(KeySecrets.NewToken(), KeySecrets.NewSecret()));
        var forKnown = await SignedHeadersAsync(new HmacCredentials(known.Key.Token, known.Secret));

        Assert.Equal(HmacFailure.UnknownKey, verifier.RefuseUnknownKey(forUnknown, hasBody: false)?.Failure);
        Assert.Null(verifier.RefuseUnknownKey(forKnown, hasBody: false));
        Assert.Null(verifier.RefuseUnknownKey(new HeaderDictionary(), hasBody: false));
        Assert.Null(verifier.RefuseUnknownKey(forUnknown, hasBody: true)); // no Content-Digest covered: the scheme says what is wrong
    }

    private async Task<CreatedKey> KeyAsync(string login)
    {
        await _app.CreateAccountAsync(login, login, SystemRole.Administrators);
        return await _app.CreateKeyAsync(login);
    }

    private async Task<HeaderDictionary> SignedHeadersAsync(HmacCredentials credentials)
    {
        var headers = new HeaderDictionary();
        using var capture = new RequestTamperer(request =>
        {
            headers["Signature-Input"] = request.Headers.GetValues("Signature-Input").Single();
            headers["Signature"] = request.Headers.GetValues("Signature").Single();
        });
        using var client = _app.SignedClient(credentials, capture, IPAddress.Parse("127.0.0.8"));
        await client.GetAsync("/api/v1/account");
        return headers;
    }

    private async Task<IReadOnlyList<AuditEntry>> AuditedAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<AuditTrail>()
            .QueryAsync(new AuditQuery(Action: AuditAction.ApiAuthenticationFailed, PageSize: 500), CancellationToken.None)).Items;
    }

    private static void Replace(HttpRequestMessage request, string header, Func<string, string> change)
    {
        var value = request.Headers.GetValues(header).Single();
        request.Headers.Remove(header);
        request.Headers.TryAddWithoutValidation(header, change(value));
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>();
}
