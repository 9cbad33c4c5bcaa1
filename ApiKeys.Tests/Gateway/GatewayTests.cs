using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using ApiKeys.Admin.Gateway;
using ApiKeys.Client;
using ApiKeys.Domain.Keys;
using ApiKeys.Domain.Usage;
using ApiKeys.Tests.Support;

namespace ApiKeys.Tests.Gateway;

/// <summary>ApiKeys in front of an API: signed calls verified exactly as /api/v1's, the caller passed upstream, scopes kept.</summary>
public sealed class GatewayTests : IAsyncLifetime
{
    private Upstream _upstream = null!;
    private ApiKeysApp _app = null!;

    public async Task InitializeAsync()
    {
        _upstream = await Upstream.StartAsync();
        _app = new ApiKeysApp(GatewayApp.Routes(_upstream.Address));
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    [Fact]
    public async Task A_signed_GET_reaches_the_upstream_unchanged_with_the_caller_and_without_the_signature()
    {
        var key = await GatewayApp.KeyAsync(_app, "erp.exchange", "ERP обмен");
        using var client = _app.SignedClient(key);

        var response = await client.GetAsync("/orders/42/lines?from=2026-01-01&x=%20y");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var seen = Assert.Single(_upstream.Requests);
        Assert.Equal(("GET", "/orders/42/lines", "?from=2026-01-01&x=%20y"), (seen.Method, seen.Path, seen.Query));
        Assert.Equal("erp.exchange", seen.Headers[GatewayTransforms.AccountHeader]);
        Assert.Equal(key.Key.AccountId, seen.Headers[GatewayTransforms.AccountIdHeader]);
        Assert.Equal(key.Key.Token, seen.Headers[GatewayTransforms.KeyHeader]);
        Assert.Equal("ERP обмен", Uri.UnescapeDataString(seen.Headers[GatewayTransforms.KeyNameHeader]));
        Assert.DoesNotContain("Signature", seen.Headers.Keys);
        Assert.DoesNotContain("Signature-Input", seen.Headers.Keys);
        Assert.Equal("127.0.0.1", seen.Headers["X-Forwarded-For"]);
    }

    [Fact]
    public async Task A_keys_limits_hold_on_the_gateway_the_upstream_answer_says_where_it_stands_and_a_refused_call_never_reaches_it()
    {
        var key = await GatewayApp.KeyAsync(_app, "limited.exchange", "Limited exchange");
        var version = key.Key.Version;
        var limited = await _app.WithAsync<IAuthenticationKeyService, Domain.Result<AuthenticationKeyRow>>(keys => keys.UpdateAsync(
            key.Key.Id, KeyUpdate.Limited(new Domain.Limits.KeyLimits(["127.0.0.1"], null, new Domain.Limits.Quota(2))), version, CancellationToken.None));
        Assert.True(limited.Succeeded);
        using var client = _app.SignedClient(key);
        using var elsewhere = _app.SignedClient(key, from: IPAddress.Parse("127.0.0.2"));

        var fromElsewhere = await elsewhere.GetAsync("/orders/1");
        var first = await client.GetAsync("/orders/1");
        var second = await client.GetAsync("/orders/2");
        var third = await client.GetAsync("/orders/3");

        Assert.Equal(HttpStatusCode.Forbidden, fromElsewhere.StatusCode);
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], new[] { first.StatusCode, second.StatusCode, third.StatusCode });
        Assert.Equal("\"quota\";q=2", first.Headers.GetValues("RateLimit-Policy").Single());
        Assert.Equal("\"quota\";r=1", first.Headers.GetValues("RateLimit").Single());
        Assert.Equal("\"quota\";r=0", second.Headers.GetValues("RateLimit").Single());
        Assert.Equal("urn:apikeys:problem:key-quota-exhausted", (await third.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());
        Assert.Equal(["/orders/1", "/orders/2"], _upstream.Requests.Select(r => r.Path));
    }

    [Fact]
    public async Task A_signed_POST_reaches_the_upstream_with_the_very_same_body_bytes()
    {
        var key = await GatewayApp.KeyAsync(_app, "erp.exchange", "ERP exchange");
        using var client = _app.SignedClient(key);
        var body = RandomNumberGenerator.GetBytes(100_000);

        var response = await client.PostAsync("/orders/", new ByteArrayContent(body) { Headers = { ContentType = new("application/octet-stream") } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(body, Assert.Single(_upstream.Requests).Body);
    }

    [Fact]
    public async Task A_body_changed_after_signing_and_a_replay_are_refused_and_never_reach_the_upstream()
    {
        var key = await GatewayApp.KeyAsync(_app, "erp.exchange", "ERP exchange");
        using var tampered = _app.SignedClient(key, new RequestTamperer(request => request.Content = new StringContent("{\"amount\":1000000}")));
        HttpRequestMessage? sent = null;
        using var recorded = _app.SignedClient(key, new RequestTamperer(request => sent = request));

        var changed = await tampered.PostAsync("/orders/", new StringContent("{\"amount\":1}"));
        var first = await recorded.GetAsync("/orders/7");
        var replay = new HttpRequestMessage(HttpMethod.Get, new Uri(_app.BaseAddress, "/orders/7"));
        foreach (var header in sent!.Headers)
        {
            replay.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        using var plain = _app.PlainClient();
        var replayed = await plain.SendAsync(replay);

        Assert.Equal(("urn:apikeys:problem:digest-mismatch", HttpStatusCode.OK, "urn:apikeys:problem:replayed-nonce"),
            (await TypeAsync(changed), first.StatusCode, await TypeAsync(replayed)));
        Assert.Equal("/orders/7", Assert.Single(_upstream.Requests).Path);
    }

    [Fact]
    public async Task Headers_the_client_sends_as_X_ApiKeys_in_any_case_are_removed_before_the_gateways_own()
    {
        var key = await GatewayApp.KeyAsync(_app, "erp.exchange", "ERP exchange");
        using var client = _app.SignedClient(key, new RequestTamperer(request =>
        {
            request.Headers.TryAddWithoutValidation("x-apikeys-account", "root");
            request.Headers.TryAddWithoutValidation("X-APIKEYS-KEY", "forged");
            request.Headers.TryAddWithoutValidation("X-ApiKeys-Role", "System administrators");
        }));

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/orders/1")).StatusCode);

        var seen = Assert.Single(_upstream.Requests);
        Assert.Equal("erp.exchange", seen.Headers[GatewayTransforms.AccountHeader]);
        Assert.Equal(key.Key.Token, seen.Headers[GatewayTransforms.KeyHeader]);
        Assert.DoesNotContain(seen.Headers.Keys, name => name.Equals("X-ApiKeys-Role", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task A_key_limited_to_a_scope_calls_its_routes_and_is_refused_403_elsewhere_without_the_upstream_seeing_it()
    {
        var key = await GatewayApp.KeyAsync(_app, "report.bot", "Reports", "reporting");
        using var client = _app.SignedClient(key);

        var inScope = await client.GetAsync("/reports/monthly");
        var outOfScope = await client.GetAsync("/orders/1");
        var ownApi = await client.GetAsync("/api/v1/account");

        Assert.Equal(HttpStatusCode.OK, inScope.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, outOfScope.StatusCode);
        var problem = await outOfScope.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("urn:apikeys:problem:key-out-of-scope", problem.GetProperty("type").GetString());
        Assert.Contains("\"orders\"", problem.GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, ownApi.StatusCode); // ApiKeys' own API is the scope "apikeys"
        Assert.Equal("/reports/monthly", Assert.Single(_upstream.Requests).Path);
    }

    [Fact]
    public async Task Scopes_narrowed_or_widened_later_take_effect_and_a_key_without_scopes_calls_every_route()
    {
        var key = await GatewayApp.KeyAsync(_app, "erp.exchange", "ERP exchange");
        using var client = _app.SignedClient(key);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/reports/1")).StatusCode);

        await _app.WithAsync<IAuthenticationKeyService, Domain.Result<AuthenticationKeyRow>>(keys =>
            keys.UpdateAsync(key.Key.Id, KeyUpdate.Scoped(["orders"]), key.Key.Version, CancellationToken.None));

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/reports/1")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/orders/1")).StatusCode);
    }

    [Fact]
    public async Task An_unreachable_upstream_is_a_502_problem_and_a_slow_one_a_504_each_naming_the_route()
    {
        var key = await GatewayApp.KeyAsync(_app, "erp.exchange", "ERP exchange");
        using var client = _app.SignedClient(key);

        var down = await client.GetAsync("/down/x");
        var slow = await client.GetAsync("/slow/x");

        Assert.Equal((HttpStatusCode.BadGateway, "application/problem+json"), (down.StatusCode, down.Content.Headers.ContentType?.MediaType));
        Assert.Equal("down", (await down.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("route").GetString());
        Assert.Equal((HttpStatusCode.GatewayTimeout, "application/problem+json"), (slow.StatusCode, slow.Content.Headers.ContentType?.MediaType));
        Assert.Equal("slow", (await slow.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("route").GetString());
    }

    [Fact]
    public async Task An_unsigned_call_is_a_401_problem_that_never_reaches_the_upstream()
    {
        using var client = _app.PlainClient();

        var response = await client.GetAsync("/orders/1");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(_upstream.Requests);
    }

    [Fact]
    public async Task Calls_are_counted_per_route_for_the_routes_page()
    {
        var key = await GatewayApp.KeyAsync(_app, "report.bot", "Reports", "reporting");
        using var client = _app.SignedClient(key);
        await client.GetAsync("/reports/1");
        await client.GetAsync("/reports/2");
        await client.GetAsync("/orders/1");

        var today = await Eventually.UntilAsync(() => _app.WithAsync<RouteUsageQuery, IReadOnlyDictionary<string, (long Accepted, long Refused)>>(q => q.TodayAsync(CancellationToken.None)),
            counts => counts.ContainsKey("reports") && counts.ContainsKey("orders"));

        Assert.Equal((2L, 0L), today["reports"]);
        Assert.Equal((0L, 1L), today["orders"]);
    }

    private static async Task<string?> TypeAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString();
}
