using System.Net;
using ApiKeys.Domain;
using ApiKeys.Domain.Keys;
using ApiKeys.Domain.Limits;
using ApiKeys.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ApiKeys.Tests.Limits;

/// <summary>
/// Two instances on one PostgreSQL database with Redis, as behind a load balancer: a key's rate limit and quota are
/// exact across them, and a refill (a new day, on a fake clock) gives the quota back.
/// </summary>
[Trait("Category", "Postgres")]
[Trait("Category", "Redis")]
public sealed class KeyLimitsOnTwoInstancesTests : IAsyncLifetime
{
    private ApiKeysApp _a = null!;
    private ApiKeysApp _b = null!;

    public async Task InitializeAsync() => (_a, _b) = await ApiKeysApp.PairOnPostgresAsync(new Dictionary<string, string?>
    {
        ["Authentication:Hmac:ReplayStore"] = "Redis",
        ["ConnectionStrings:Redis"] = await RedisServer.SharedAsync(),
    });

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
    }

    [Fact]
    public async Task A_key_limited_to_6_a_minute_answers_exactly_6_of_12_calls_spread_over_both()
    {
        var key = await KeyAsync(new KeyLimits([], new RateLimit(6, RatePeriod.Minute)));
        using var viaA = _a.SignedClient(key);
        using var viaB = _b.SignedClient(key);
        await KeyLimitsApiTests.RoomInTheMinuteAsync();

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 12; i++)
        {
            answers.Add((await (i % 2 == 0 ? viaA : viaB).GetAsync("/api/v1/account")).StatusCode);
        }

        Assert.Equal(6, answers.Count(a => a == HttpStatusCode.OK));
        Assert.Equal(6, answers.Count(a => a == HttpStatusCode.TooManyRequests));
        Assert.All(answers.Take(6), a => Assert.Equal(HttpStatusCode.OK, a));
    }

    [Fact]
    public async Task A_quota_of_10_lets_exactly_10_of_20_concurrent_calls_on_both_through_and_says_0_remaining()
    {
        var key = await KeyAsync(new KeyLimits([], null, new Quota(10, QuotaRefill.Daily)));
        using var viaA = _a.SignedClient(key);
        using var viaB = _b.SignedClient(key);

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => (i % 2 == 0 ? viaA : viaB).GetAsync("/api/v1/account")));

        Assert.Equal(10, answers.Count(a => a.StatusCode == HttpStatusCode.OK));
        Assert.Equal(10, answers.Count(a => a.StatusCode == HttpStatusCode.TooManyRequests));
        var shown = await _b.WithAsync<IAuthenticationKeyService, AuthenticationKeyRow?>(keys => keys.FindByTokenAsync(key.Key.Token, CancellationToken.None));
        Assert.Equal(0, shown!.QuotaLeft);

        // The command line on the same database says so too.
        string connectionString;
        await using (var db = await _a.OpenDatabaseAsync())
        {
            connectionString = db.Database.GetConnectionString()!;
        }

        var output = new StringWriter();
        var exit = await ApiKeys.Admin.CommandLine.CommandLineApp.RunAsync(["keys", "show", key.Key.Token, "--json"], output, new StringWriter(),
            new Dictionary<string, string?> { ["Database:Provider"] = "PostgreSql", ["ConnectionStrings:ApiKeys"] = connectionString }, "Testing");
        Assert.Equal(0, exit);
        var quota = System.Text.Json.JsonDocument.Parse(output.ToString()).RootElement.GetProperty("key").GetProperty("quota");
        Assert.Equal((10L, 0L, "daily"), (quota.GetProperty("limit").GetInt64(), quota.GetProperty("remaining").GetInt64(), quota.GetProperty("refill").GetString()));
        var quotas = new KeyQuotas(_a.Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<Domain.Storage.ApiKeysDbContext>>());
        var tomorrow = DateTimeOffset.UtcNow.AddDays(1);
        Assert.Null(await quotas.SpendAsync(key.Key.Token, new Quota(10, QuotaRefill.Daily), DateTimeOffset.UtcNow, CancellationToken.None));
        Assert.Equal(9, await quotas.SpendAsync(key.Key.Token, new Quota(10, QuotaRefill.Daily), tomorrow, CancellationToken.None));
    }

    private async Task<CreatedKey> KeyAsync(KeyLimits limits)
    {
        var created = await _a.WithAsync<IAuthenticationKeyService, Result<CreatedKey>>(keys =>
            keys.CreateAsync(new KeyDraft("integration.bot", DateTimeOffset.UtcNow.AddDays(30), Limits: limits), CancellationToken.None));
        Assert.True(created.Succeeded, created.Failure?.Message);
        return created.Value!;
    }
}
