using System.Diagnostics;
using System.Net;
using ApiKeys.Client;
using ApiKeys.Domain.Audit;
using ApiKeys.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ApiKeys.Tests.Security;

public sealed class RestartAndRevocationTests
{
    [Fact]
    public async Task Keys_still_verify_after_a_restart_because_the_key_ring_is_in_the_database()
    {
        var folder = Path.Combine(Path.GetTempPath(), "apikeys-tests", Guid.NewGuid().ToString("n"));
        HmacCredentials credentials;
        await using (var first = new ApiKeysApp(null, folder))
        {
            await first.CreateRoleAsync("Integrations", apiCalls: true);
            await first.CreateAccountAsync("integration.bot", "Integration bot", "Integrations");
            var key = await first.CreateKeyAsync("integration.bot");
            credentials = new HmacCredentials(key.Key.Token, key.Secret);
        }

        await using var second = new ApiKeysApp(null, folder);
        using var client = second.SignedClient(credentials);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/account")).StatusCode);
    }

    [Theory]
    [InlineData("Database", "replayed-nonce")] // the default: it remembers
    [InlineData("Memory", "stale-signature")] // it forgets, so it refuses what was signed before it started
    public async Task A_request_answered_before_a_restart_is_refused_when_replayed_after_it(string store, string refusal)
    {
        var folder = Path.Combine(Path.GetTempPath(), "apikeys-tests", Guid.NewGuid().ToString("n"));
        var settings = new Dictionary<string, string?> { ["Authentication:Hmac:ReplayStore"] = store };
        HttpRequestMessage replay;
        await using (var first = new ApiKeysApp(settings, folder))
        {
            await first.CreateRoleAsync("Integrations", apiCalls: true);
            await first.CreateAccountAsync("integration.bot", "Integration bot", "Integrations");
            var key = await first.CreateKeyAsync("integration.bot");
            using var client = new HttpClient();
            replay = null!;
            // The memory store refuses signatures made in the app's first second (it cannot know what came before).
            var answered = await Eventually.UntilAsync(async () =>
            {
                using var signed = new HttpRequestMessage(HttpMethod.Get, new Uri(first.BaseAddress, "/api/v1/account"));
                await HmacSigningHandler.SignAsync(signed, new HmacCredentials(key.Key.Token, key.Secret), DateTimeOffset.UtcNow, MessageSignature.NewNonce());
                replay = new HttpRequestMessage(HttpMethod.Get, "/api/v1/account");
                replay.Headers.Host = first.BaseAddress.Authority; // the bytes exactly as sent the first time
                foreach (var header in signed.Headers)
                {
                    replay.Headers.TryAddWithoutValidation(header.Key, header.Value);
                }

                return (await client.SendAsync(signed)).StatusCode;
            }, status => status == HttpStatusCode.OK, every: TimeSpan.FromMilliseconds(300));

            Assert.Equal(HttpStatusCode.OK, answered);
        }

        await using var second = new ApiKeysApp(settings, folder);
        using var again = second.PlainClient();
        var response = await again.SendAsync(replay);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(body.Contains(refusal), body);
    }

    [Fact]
    public async Task An_account_deactivated_elsewhere_loses_API_access_within_the_bound()
    {
        await using var app = new ApiKeysApp();
        await app.CreateRoleAsync("Integrations", apiCalls: true);
        var accountId = await app.CreateAccountAsync("integration.bot", "Integration bot", "Integrations");
        using var client = app.SignedClient(await app.CreateKeyAsync("integration.bot"));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/account")).StatusCode);

        await using (var db = await app.OpenDatabaseAsync())
        {
            await db.Users.Where(a => a.Id == accountId).ExecuteUpdateAsync(a => a.SetProperty(x => x.IsActive, false));
            await db.RaiseCredentialVersionAsync(CancellationToken.None);
        }

        var stopwatch = Stopwatch.StartNew();
        HttpStatusCode status;
        do
        {
            status = (await client.GetAsync("/api/v1/account")).StatusCode;
        }
        while (status == HttpStatusCode.OK && stopwatch.Elapsed < TimeSpan.FromSeconds(5));

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromMilliseconds(1500), $"refused after {stopwatch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task Refused_API_calls_are_audited_but_a_flood_is_rate_limited()
    {
        await using var app = new ApiKeysApp();
        using var client = app.PlainClient();

        await Task.WhenAll(Enumerable.Range(0, 150).Select(_ => client.GetAsync("/api/v1/account")));

        // Written in batches off the request path: as many as get written within 5 seconds, never more than the limit.
        var recorded = await Eventually.UntilAsync(async () =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            return (await scope.ServiceProvider.GetRequiredService<AuditTrail>()
                .QueryAsync(new AuditQuery(Action: AuditAction.ApiAuthenticationFailed, PageSize: 500), CancellationToken.None)).TotalCount;
        }, count => count >= 60, within: TimeSpan.FromSeconds(5));

        Assert.InRange(recorded, 1, 60);
    }
}
