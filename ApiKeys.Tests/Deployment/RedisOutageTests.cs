using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ApiKeys.Domain;
using ApiKeys.Domain.Keys;
using ApiKeys.Tests.Support;

namespace ApiKeys.Tests.Deployment;

/// <summary>Two instances on Redis and PostgreSQL; Redis stops and starts again under them.</summary>
[Trait("Category", "Postgres")]
[Trait("Category", "Redis")]
public sealed class RedisOutageTests : IAsyncLifetime
{
    private ThrowawayServer _redis = null!;
    private ApiKeysApp _a = null!;
    private ApiKeysApp _b = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartPrivateAsync();
        (_a, _b) = await ApiKeysApp.PairOnPostgresAsync(new Dictionary<string, string?>
        {
            ["Authentication:Hmac:ReplayStore"] = "Redis",
            ["ConnectionStrings:Redis"] = _redis.ConnectionString,
        });
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task While_Redis_is_down_calls_get_503_no_replay_is_accepted_and_both_instances_recover_by_themselves()
    {
        var key = await _a.CreateKeyAsync("integration.bot");
        using var a = _a.SignedClient(key);
        using var b = _b.SignedClient(key);

        // A Redis never used before refuses what was signed before the store first reached it (it cannot tell a new
        // Redis from one that lost its memory); fresh signatures are accepted from the next second on.
        Assert.True(await EventuallyAsync(async () => (await a.GetAsync("/api/v1/account")).StatusCode == HttpStatusCode.OK), "A never accepted a call");
        var (accepted, replay) = await TwoInstancesTests.SignedTwiceAsync(key, _a, _b);
        using var raw = new HttpClient();
        Assert.Equal(HttpStatusCode.OK, (await raw.SendAsync(accepted)).StatusCode);

        await _redis.StopAsync();

        foreach (var client in new[] { a, b })
        {
            var refused = await client.GetAsync("/api/v1/account");
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal("urn:apikeys:problem:store-unavailable", await TypeAsync(refused));
            Assert.NotNull(refused.Headers.RetryAfter);
        }

        var replayDuringOutage = await raw.SendAsync(Copy(replay));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, replayDuringOutage.StatusCode);

        // A deletion made meanwhile cannot be pushed; the change log still brings it to B within the bound.
        var doomed = await _a.CreateKeyAsync("integration.bot");
        using var doomedClient = _b.SignedClient(doomed);
        await _a.WithAsync<IAuthenticationKeyService, Result<int>>(keys => keys.DeleteAsync([doomed.Key.Id], CancellationToken.None));

        await _redis.StartAgainAsync();

        Assert.True(await EventuallyAsync(async () => (await a.GetAsync("/api/v1/account")).StatusCode == HttpStatusCode.OK), "A did not recover");
        Assert.True(await EventuallyAsync(async () => (await b.GetAsync("/api/v1/account")).StatusCode == HttpStatusCode.OK), "B did not recover");
        var replayAfter = await raw.SendAsync(Copy(replay));
        Assert.Equal(HttpStatusCode.Unauthorized, replayAfter.StatusCode); // Redis came back empty: signed before that, refused
        Assert.Equal("urn:apikeys:problem:stale-signature", await TypeAsync(replayAfter));
        Assert.Equal("urn:apikeys:problem:unknown-key", await TypeAsync(await doomedClient.GetAsync("/api/v1/account")));
    }

    private static HttpRequestMessage Copy(HttpRequestMessage request)
    {
        var copy = new HttpRequestMessage(request.Method, request.RequestUri);
        foreach (var header in request.Headers)
        {
            copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        return copy;
    }

    private static async Task<string?> TypeAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString();

    private static Task<bool> EventuallyAsync(Func<Task<bool>> condition) => Eventually.TrueAsync(condition, within: TimeSpan.FromSeconds(15));
}
