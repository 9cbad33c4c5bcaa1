using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ApiKeys.Client;
using ApiKeys.Domain;
using ApiKeys.Domain.Keys;
using ApiKeys.Domain.Usage;
using ApiKeys.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace ApiKeys.Tests.Deployment;

/// <summary>
/// Two app instances (two Kestrel hosts) on one PostgreSQL database, as behind a load balancer: with the database
/// replay store and PostgreSQL's LISTEN/NOTIFY, and with Redis for both.
/// </summary>
public abstract class TwoInstancesTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(1);
    private ApiKeysApp _a = null!;
    private ApiKeysApp _b = null!;

    protected abstract Task<Dictionary<string, string?>> SettingsAsync();

    public async Task InitializeAsync()
    {
        (_a, _b) = await ApiKeysApp.PairOnPostgresAsync(await SettingsAsync());
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
    }

    [Fact]
    public async Task A_key_created_through_A_authenticates_against_B()
    {
        var key = await _a.CreateKeyAsync("integration.bot");
        using var b = _b.SignedClient(key);

        var account = await b.GetFromJsonAsync<JsonElement>("/api/v1/account");

        Assert.Equal("integration.bot", account.GetProperty("login").GetString());
    }

    [Fact]
    public async Task A_key_deleted_through_A_is_refused_by_B_within_the_bound()
    {
        var key = await _a.CreateKeyAsync("integration.bot");
        using var b = _b.SignedClient(key);
        Assert.Equal(HttpStatusCode.OK, (await b.GetAsync("/api/v1/account")).StatusCode);

        await _a.WithAsync<IAuthenticationKeyService, Result<int>>(keys => keys.DeleteAsync([key.Key.Id], CancellationToken.None));

        var elapsed = await UntilAsync(async () => (await b.GetAsync("/api/v1/account")).StatusCode == HttpStatusCode.Unauthorized);
        Assert.True(elapsed <= Bound + TimeSpan.FromMilliseconds(500), $"B refused after {elapsed.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task Revocation_reaches_the_other_instance_well_inside_the_bound_over_100_changes()
    {
        var key = await _a.CreateKeyAsync("integration.bot");
        using var b = _b.SignedClient(key);
        var version = key.Key.Version;
        var seen = new List<double>();
        for (var change = 0; change < 100; change++)
        {
            Assert.Equal(HttpStatusCode.OK, (await b.GetAsync("/api/v1/account")).StatusCode); // B holds the key
            var expiry = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddDays(100 + change).ToUnixTimeSeconds());
            var changed = await _a.WithAsync<IAuthenticationKeyService, Result<AuthenticationKeyRow>>(keys =>
                keys.UpdateAsync(key.Key.Id, KeyUpdate.Expiry(expiry), version, CancellationToken.None));
            version = changed.Value!.Version;
            seen.Add((await UntilAsync(async () => await ExpiryAsync(b) == expiry)).TotalMilliseconds);
        }

        seen.Sort();
        var (median, p99) = (seen[49], seen[98]);
        output.WriteLine($"{GetType().Name}: a re-dating made through A was seen by B after {median:0.0} ms (median) and {p99:0.0} ms (p99) over 100 changes; bound {Bound.TotalMilliseconds:0} ms");
        Assert.True(p99 < Bound.TotalMilliseconds, $"p99 {p99:0} ms");
    }

    [Fact]
    public async Task A_request_accepted_by_A_and_replayed_to_B_is_refused()
    {
        var key = await _a.CreateKeyAsync("integration.bot");
        var (signed, replay) = await SignedTwiceAsync(key, _a, _b);
        using var client = new HttpClient();

        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(signed)).StatusCode);
        var response = await client.SendAsync(replay);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("urn:apikeys:problem:replayed-nonce", await ProblemTypeAsync(response));
    }

    [Fact]
    public async Task Made_up_keyids_in_half_the_traffic_leave_every_valid_call_working_without_reads()
    {
        var keys = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => _a.CreateKeyAsync("integration.bot")));
        var clients = keys.Select(key => _b.SignedClient(key)).ToList();
        var forged = Enumerable.Range(0, 4).Select(_ => _b.SignedClient(new HmacCredentials(KeySecrets.NewToken(), KeySecrets.NewSecret()))).ToList();
        foreach (var client in clients)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/account")).StatusCode);
        }

        var cache = _b.Services.GetRequiredService<ApiKeys.Domain.Hmac.CredentialCache>();
        await UntilAsync(() => Task.FromResult(cache.KnowsAllTokens));
        var reads = cache.DatabaseReads;

        var calls = await Task.WhenAll(Enumerable.Range(0, 1_000).Select(async i =>
        {
            var response = await (i % 2 == 0 ? clients[i / 2 % 4] : forged[i / 2 % 4]).GetAsync("/api/v1/account");
            return (Valid: i % 2 == 0, response.StatusCode);
        }));

        Assert.All(calls.Where(c => c.Valid), c => Assert.Equal(HttpStatusCode.OK, c.StatusCode));
        Assert.All(calls.Where(c => !c.Valid), c => Assert.Equal(HttpStatusCode.Unauthorized, c.StatusCode));
        Assert.InRange(cache.DatabaseReads - reads, 0, 40); // a few reads a second for keys too new to be known, none for the valid ones
    }

    [Fact]
    public async Task Last_used_writes_from_both_instances_do_not_conflict_with_each_other_or_with_an_edit()
    {
        var key = await _a.CreateKeyAsync("integration.bot");
        using var a = _a.SignedClient(key);
        using var b = _b.SignedClient(key);

        var calls = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => (i % 2 == 0 ? a : b).GetAsync("/api/v1/account")));
        await _a.Services.GetRequiredService<KeyUsageRecorder>().FlushAsync(CancellationToken.None);
        await _b.Services.GetRequiredService<KeyUsageRecorder>().FlushAsync(CancellationToken.None);

        Assert.All(calls, call => Assert.Equal(HttpStatusCode.OK, call.StatusCode));
        var row = (await _b.WithAsync<IAuthenticationKeyService, KeyPage>(keys => keys.QueryAsync(new KeyQuery(Search: key.Key.Token), CancellationToken.None))).Items.Single();
        Assert.NotNull(row.LastUsedAt);
        Assert.Equal(key.Key.Version, row.Version);
        var edit = await _a.WithAsync<IAuthenticationKeyService, Result<AuthenticationKeyRow>>(keys =>
            keys.UpdateAsync(key.Key.Id, KeyUpdate.Expiry(DateTimeOffset.UtcNow.AddDays(5)), key.Key.Version, CancellationToken.None));
        Assert.True(edit.Succeeded, edit.Failure?.Message);
    }

    /// <summary>One signed request to <paramref name="first"/>, and the same bytes aimed at <paramref name="second"/>, as an attacker would copy them.</summary>
    internal static async Task<(HttpRequestMessage Signed, HttpRequestMessage Replay)> SignedTwiceAsync(CreatedKey key, ApiKeysApp first, ApiKeysApp second)
    {
        var signed = new HttpRequestMessage(HttpMethod.Get, new Uri(first.BaseAddress, "/api/v1/account"));
        await HmacSigningHandler.SignAsync(signed, new HmacCredentials(key.Key.Token, key.Secret), DateTimeOffset.UtcNow, MessageSignature.NewNonce());
        var replay = new HttpRequestMessage(HttpMethod.Get, new Uri(second.BaseAddress, "/api/v1/account"));
        foreach (var header in signed.Headers)
        {
            replay.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        replay.Headers.Host = signed.RequestUri!.Authority;
        return (signed, replay);
    }

    protected static async Task<string?> ProblemTypeAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString();

    private static async Task<DateTimeOffset> ExpiryAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>("/api/v1/account")).GetProperty("key").GetProperty("expiresAt").GetDateTimeOffset();

    /// <summary>How long until the condition held (the revocation bound is measured with it, so it asks every 2 ms).</summary>
    protected static async Task<TimeSpan> UntilAsync(Func<Task<bool>> condition) =>
        (await Eventually.TimedAsync(condition, held => held, within: TimeSpan.FromSeconds(5), every: TimeSpan.FromMilliseconds(2))).Elapsed;
}

/// <summary>Nonces in the database, changes pushed with PostgreSQL's LISTEN/NOTIFY.</summary>
[Trait("Category", "Postgres")]
public sealed class TwoInstancesOnPostgresTests(ITestOutputHelper output) : TwoInstancesTests(output)
{
    protected override Task<Dictionary<string, string?>> SettingsAsync() => Task.FromResult(new Dictionary<string, string?>());
}

/// <summary>Nonces in Redis, changes pushed with Redis pub/sub.</summary>
[Trait("Category", "Postgres")]
[Trait("Category", "Redis")]
public sealed class TwoInstancesWithRedisTests(ITestOutputHelper output) : TwoInstancesTests(output)
{
    protected override async Task<Dictionary<string, string?>> SettingsAsync() => new()
    {
        ["Authentication:Hmac:ReplayStore"] = "Redis",
        ["ConnectionStrings:Redis"] = await RedisServer.SharedAsync(),
    };
}
