using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ApiKeys.Domain;
using ApiKeys.Domain.Audit;
using ApiKeys.Domain.Keys;
using ApiKeys.Domain.Limits;
using ApiKeys.Domain.Usage;
using ApiKeys.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ApiKeys.Tests.Limits;

/// <summary>
/// A key's limits on one instance (SQLite, real Kestrel, the .NET signing client): the addresses it may call from (the
/// connection's, or a trusted proxy's X-Forwarded-For, IPv6 too), its rate limit and its quota, as a caller sees them.
/// </summary>
public sealed class KeyLimitsApiTests : IClassFixture<KeyLimitsApiTests.BehindAProxy>
{
    private static readonly IPAddress Proxy = IPAddress.Parse("127.0.0.1");
    private static readonly IPAddress Elsewhere = IPAddress.Parse("127.0.0.2");
    private static int _keys;
    private readonly BehindAProxy _app;

    public KeyLimitsApiTests(BehindAProxy app) => _app = app;

    /// <summary>The app trusting X-Forwarded-For from 127.0.0.1 only.</summary>
    public sealed class BehindAProxy() : ApiKeysApp(new Dictionary<string, string?>
    {
        ["ForwardedHeaders:Enabled"] = "true",
        ["ForwardedHeaders:KnownProxies:0"] = "127.0.0.1",
    });

    [Fact]
    public async Task A_key_is_refused_403_from_an_address_outside_its_ranges_IPv6_included_and_a_forwarded_address_counts_only_from_the_trusted_proxy()
    {
        var key = await KeyAsync(new KeyLimits(["2001:db8::/32", "127.0.0.2"]));

        Assert.Equal(HttpStatusCode.OK, await CallAsync(key, Proxy, forwardedFor: "2001:db8::5"));
        Assert.Equal(HttpStatusCode.OK, await CallAsync(key, Elsewhere));
        var outside = await CallAsync(key, Proxy, forwardedFor: "2001:db9::5");
        var proxyItself = await CallAsync(key, Proxy);
        var notTrusted = await CallAsync(key, Elsewhere, forwardedFor: "203.0.113.9"); // 127.0.0.2 is no proxy: its header is ignored
        Assert.Equal(HttpStatusCode.OK, notTrusted);
        using var refused = await SendAsync(key, Proxy, forwardedFor: "2001:db9::5");
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.Forbidden, outside);
        Assert.Equal(HttpStatusCode.Forbidden, proxyItself);
        Assert.Equal("urn:apikeys:problem:key-address-not-allowed", problem.GetProperty("type").GetString());
        Assert.Contains("may not be used from 2001:db9::5", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Past_its_rate_limit_a_key_gets_429_with_Retry_After_and_every_accepted_call_says_where_it_stands()
    {
        var key = await KeyAsync(new KeyLimits([], new RateLimit(3, RatePeriod.Minute)));
        await RoomInTheMinuteAsync();

        var answers = new List<HttpResponseMessage>();
        for (var i = 0; i < 5; i++)
        {
            answers.Add(await SendAsync(key, Proxy));
        }

        Assert.Equal([200, 200, 200, 429, 429], answers.Select(a => (int)a.StatusCode));
        Assert.Equal("\"rate\";q=3;w=60", answers[0].Headers.GetValues("RateLimit-Policy").Single());
        Assert.StartsWith("\"rate\";r=2;t=", answers[0].Headers.GetValues("RateLimit").Single());
        Assert.StartsWith("\"rate\";r=0;t=", answers[2].Headers.GetValues("RateLimit").Single());
        var retryAfter = answers[3].Headers.RetryAfter!.Delta!.Value;
        Assert.InRange(retryAfter, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        var problem = await answers[3].Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("urn:apikeys:problem:key-rate-limited", problem.GetProperty("type").GetString());
        Assert.Contains("3 calls per minute", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_quota_of_10_lets_exactly_10_of_20_concurrent_calls_through_and_refused_calls_use_none()
    {
        var key = await KeyAsync(new KeyLimits([], null, new Quota(10, QuotaRefill.Daily)));
        using (var wrongSecret = _app.SignedClient(new ApiKeys.Client.HmacCredentials(key.Key.Token, KeySecrets.NewSecret())))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await wrongSecret.GetAsync("/api/v1/account")).StatusCode);
        }

        using var client = _app.SignedClient(key);
        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => client.GetAsync("/api/v1/account")));

        Assert.Equal(10, answers.Count(a => a.StatusCode == HttpStatusCode.OK));
        var refused = answers.Where(a => a.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.Equal(10, refused.Count);
        var problem = await refused[0].Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("urn:apikeys:problem:key-quota-exhausted", problem.GetProperty("type").GetString());
        Assert.NotNull(refused[0].Headers.RetryAfter?.Delta); // refilled tomorrow (UTC)
        var remaining = answers.Where(a => a.IsSuccessStatusCode).Select(a => a.Headers.GetValues("RateLimit").Single()).Order().ToList();
        Assert.Contains("\"quota\";r=0;t=", remaining[0]);
        var shown = await _app.WithAsync<IAuthenticationKeyService, AuthenticationKeyRow?>(keys => keys.FindByTokenAsync(key.Key.Token, CancellationToken.None));
        Assert.Equal(0, shown!.QuotaLeft);

        // The next day refills it: the first call then spends one of a full quota.
        var quotas = _app.Services.GetRequiredService<KeyQuotas>();
        Assert.Equal(9, await quotas.SpendAsync(key.Key.Token, new Quota(10, QuotaRefill.Daily), DateTimeOffset.UtcNow.AddDays(1), CancellationToken.None));
    }

    [Fact]
    public async Task Refused_calls_are_counted_by_reason_for_the_key()
    {
        var key = await KeyAsync(new KeyLimits(["127.0.0.1"], null, new Quota(1)));
        await CallAsync(key, Proxy);
        await CallAsync(key, Proxy); // quota used up
        await CallAsync(key, Elsewhere); // the address
        using (var wrongSecret = _app.SignedClient(new ApiKeys.Client.HmacCredentials(key.Key.Token, KeySecrets.NewSecret())))
        {
            await wrongSecret.GetAsync("/api/v1/account");
        }

        await _app.Services.GetRequiredService<KeyUsageRecorder>().FlushAsync(CancellationToken.None);
        var details = await _app.WithAsync<IAuthenticationKeyService, KeyDetails?>(keys => keys.DetailsAsync(key.Key.Id, 1, TimeZoneInfo.Utc, CancellationToken.None));

        Assert.Equal((1, 3), (details!.Usage.Accepted, details.Usage.Refused));
        Assert.Equal(new RefusalCounts(Signature: 1, Replay: 0, Scope: 0, Address: 1, Rate: 0, Quota: 1), details.Usage.Reasons);
    }

    [Fact]
    public async Task The_API_sets_limits_on_create_and_update_names_the_field_it_refuses_and_audits_each_change()
    {
        using var admin = _app.SignedClient(await AdministratorKeyAsync());
        var login = await AccountAsync();
        var expires = DateTimeOffset.UtcNow.AddDays(30);

        var created = await admin.PostAsJsonAsync("/api/v1/keys", new
        {
            account = login, expiresAt = expires, allowFrom = new[] { "203.0.113.7" },
            rateLimit = new { limit = 6, per = "minute" }, quota = new { limit = 100, refill = "daily" },
        });
        var key = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key");
        var badRange = await admin.PostAsJsonAsync("/api/v1/keys", new { account = login, expiresAt = expires, allowFrom = new[] { "203.0.113.7/33" } });
        var badPer = await admin.PostAsJsonAsync("/api/v1/keys", new { account = login, expiresAt = expires, rateLimit = new { limit = 6, per = "fortnight" } });
        var updated = await admin.PutAsJsonAsync($"/api/v1/keys/{key.GetProperty("id").GetGuid()}", new
        {
            name = key.GetProperty("name").GetString(), version = key.GetProperty("version").GetGuid(), allowFrom = Array.Empty<string>(),
        });
        var after = await updated.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(["203.0.113.7/32"], key.GetProperty("allowFrom").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(100, key.GetProperty("quota").GetProperty("remaining").GetInt64());
        Assert.Equal("minute", key.GetProperty("rateLimit").GetProperty("per").GetString());
        foreach (var (refused, field) in new[] { (badRange, "allowFrom"), (badPer, "rateLimit") })
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            var errors = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
            Assert.True(errors.TryGetProperty(field, out _), $"the problem names {field}");
        }

        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Empty(after.GetProperty("allowFrom").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, after.GetProperty("rateLimit").ValueKind);
        Assert.Equal(JsonValueKind.Null, after.GetProperty("quota").ValueKind);
        await using var db = await _app.OpenDatabaseAsync();
        var token = key.GetProperty("token").GetString()!;
        var entries = await db.AuditEntries.Where(e => e.Target.StartsWith(token)).Select(e => new { e.Action, e.Details }).ToListAsync();
        Assert.Contains(entries, e => e.Action == AuditAction.KeyCreated && e.Details!.Contains("limits: from 203.0.113.7/32; rate 6/min; quota 100/daily"));
        Assert.Contains(entries, e => e.Action == AuditAction.KeyLimitsChanged && e.Details!.EndsWith("to none"));
    }

    private async Task<HttpStatusCode> CallAsync(CreatedKey key, IPAddress from, string? forwardedFor = null)
    {
        using var response = await SendAsync(key, from, forwardedFor);
        return response.StatusCode;
    }

    private async Task<HttpResponseMessage> SendAsync(CreatedKey key, IPAddress from, string? forwardedFor = null)
    {
        using var client = _app.SignedClient(key, forwardedFor is null ? null : new Forwarding(forwardedFor), from);
        return await client.GetAsync("/api/v1/account");
    }

    private async Task<CreatedKey> KeyAsync(KeyLimits limits)
    {
        var login = await AccountAsync();
        var created = await _app.WithAsync<IAuthenticationKeyService, Result<CreatedKey>>(keys =>
            keys.CreateAsync(new KeyDraft(login, DateTimeOffset.UtcNow.AddDays(30), Limits: limits), CancellationToken.None));
        Assert.True(created.Succeeded, created.Failure?.Message);
        return created.Value!;
    }

    private async Task<string> AccountAsync()
    {
        await using (var db = await _app.OpenDatabaseAsync())
        {
            if (!await db.Roles.AnyAsync(r => r.Name == "Integrations"))
            {
                await _app.CreateRoleAsync("Integrations", apiCalls: true);
            }
        }

        var login = $"limited.{Interlocked.Increment(ref _keys)}";
        await _app.CreateAccountAsync(login, "Limited bot", "Integrations");
        return login;
    }

    private async Task<CreatedKey> AdministratorKeyAsync()
    {
        var login = $"limits.admin.{Interlocked.Increment(ref _keys)}";
        await _app.CreateAccountAsync(login, "Limits admin", "System administrators");
        return await _app.CreateKeyAsync(login);
    }

    /// <summary>A fixed window counts from the start of its minute: start with room to make the calls in one.</summary>
    internal static async Task RoomInTheMinuteAsync()
    {
        var second = DateTimeOffset.UtcNow.Second;
        if (second > 45)
        {
            await Task.Delay(TimeSpan.FromSeconds(61 - second));
        }
    }

    /// <summary>Adds X-Forwarded-For after signing, as a proxy in front would.</summary>
    private sealed class Forwarding(string address) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.TryAddWithoutValidation("X-Forwarded-For", address);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
