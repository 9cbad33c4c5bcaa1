using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ApiKeys.Client;
using ApiKeys.Domain.Hmac;
using ApiKeys.Domain.Keys;
using ApiKeys.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ApiKeys.Tests.Deployment;

/// <summary>Two app instances (two Kestrel hosts) on one PostgreSQL database, as behind a load balancer.</summary>
public sealed class TwoInstancesTests : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(1);
    private ApiKeysApp _a = null!;
    private ApiKeysApp _b = null!;

    public async Task InitializeAsync()
    {
        var database = await PostgresServer.CreateDatabaseAsync();
        _a = new ApiKeysApp(null, postgres: database);
        _b = new ApiKeysApp(null, postgres: database);
        await _a.CreateRoleAsync("Integrations", apiCalls: true);
        await _a.CreateAccountAsync("integration.bot", "Integration bot", "Integrations");
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
    public async Task A_key_re_dated_through_A_is_honoured_by_B_within_the_bound()
    {
        var key = await _a.CreateKeyAsync("integration.bot");
        using var b = _b.SignedClient(key);
        Assert.Equal(key.Key.ExpiresAt, await ExpiryAsync(b));
        var newExpiry = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.AddDays(200).ToUnixTimeSeconds());

        await _a.WithAsync<IAuthenticationKeyService, Result<AuthenticationKeyRow>>(keys =>
            keys.ChangeExpiryAsync(key.Key.Id, newExpiry, key.Key.Version, CancellationToken.None));

        var elapsed = await UntilAsync(async () => await ExpiryAsync(b) == newExpiry);
        Assert.True(elapsed <= Bound + TimeSpan.FromMilliseconds(500), $"B saw the new expiry after {elapsed.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task A_request_accepted_by_A_and_replayed_to_B_is_refused()
    {
        var key = await _a.CreateKeyAsync("integration.bot");
        var signed = new HttpRequestMessage(HttpMethod.Get, new Uri(_a.BaseAddress, "/api/v1/account"));
        await HmacSigningHandler.SignAsync(signed, new HmacCredentials(key.Key.Token, key.Secret), DateTimeOffset.UtcNow, MessageSignature.NewNonce());
        var replay = new HttpRequestMessage(HttpMethod.Get, new Uri(_b.BaseAddress, "/api/v1/account"));
        foreach (var header in signed.Headers)
        {
            replay.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        replay.Headers.Host = signed.RequestUri!.Authority; // the attacker copies the request byte for byte
        using var client = new HttpClient();

        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(signed)).StatusCode);
        var response = await client.SendAsync(replay);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("urn:apikeys:problem:replayed-nonce", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());
    }

    [Fact]
    public async Task Last_used_writes_from_both_instances_do_not_conflict_with_each_other_or_with_an_edit()
    {
        var key = await _a.CreateKeyAsync("integration.bot");
        using var a = _a.SignedClient(key);
        using var b = _b.SignedClient(key);

        var calls = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => (i % 2 == 0 ? a : b).GetAsync("/api/v1/account")));
        await _a.Services.GetRequiredService<LastUsedRecorder>().FlushAsync(CancellationToken.None);
        await _b.Services.GetRequiredService<LastUsedRecorder>().FlushAsync(CancellationToken.None);

        Assert.All(calls, call => Assert.Equal(HttpStatusCode.OK, call.StatusCode));
        var row = (await _b.WithAsync<IAuthenticationKeyService, KeyPage>(keys => keys.QueryAsync(new KeyQuery(Search: key.Key.Token), CancellationToken.None))).Items.Single();
        Assert.NotNull(row.LastUsedAt);
        Assert.Equal(key.Key.Version, row.Version);
        var edit = await _a.WithAsync<IAuthenticationKeyService, Result<AuthenticationKeyRow>>(keys =>
            keys.ChangeExpiryAsync(key.Key.Id, DateTimeOffset.UtcNow.AddDays(5), key.Key.Version, CancellationToken.None));
        Assert.True(edit.Succeeded, edit.Failure?.Message);
    }

    private static async Task<DateTimeOffset> ExpiryAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>("/api/v1/account")).GetProperty("key").GetProperty("expiresAt").GetDateTimeOffset();

    private static async Task<TimeSpan> UntilAsync(Func<Task<bool>> condition)
    {
        var stopwatch = Stopwatch.StartNew();
        while (!await condition() && stopwatch.Elapsed < TimeSpan.FromSeconds(5))
        {
            await Task.Delay(20);
        }

        return stopwatch.Elapsed;
    }
}
