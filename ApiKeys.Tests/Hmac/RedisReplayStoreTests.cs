using ApiKeys.Domain.Hmac;
using ApiKeys.Domain.Storage;
using ApiKeys.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ApiKeys.Tests.Hmac;

/// <summary>The Redis replay store against a real Redis server of its own, stopped and started under it.</summary>
[Trait("Category", "Redis")]
public sealed class RedisReplayStoreTests : IAsyncLifetime
{
    private ThrowawayServer _redis = null!;
    private TestDatabase _db = null!;

    private IReplayStore Store => _db.Services.GetRequiredService<IReplayStore>();

    private DateTimeOffset Until => _db.Clock.GetUtcNow().AddMinutes(5);

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartPrivateAsync();
        _db = await TestDatabase.CreateAsync(new Dictionary<string, string?>
        {
            ["Authentication:Hmac:ReplayStore"] = "Redis",
            ["ConnectionStrings:Redis"] = _redis.ConnectionString,
        });
    }

    public async Task DisposeAsync()
    {
        await _db.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task A_nonce_is_taken_once_per_key_and_every_instance_sees_it()
    {
        await using var other = _db.Restarted(); // a second instance on the same Redis

        Assert.IsType<RedisReplayStore>(Store);
        Assert.True(await Store.TryRememberAsync("token-a", "nonce-0123456789abcdef", Until, default));
        Assert.False(await other.GetRequiredService<IReplayStore>().TryRememberAsync("token-a", "nonce-0123456789abcdef", Until, default));
        Assert.True(await other.GetRequiredService<IReplayStore>().TryRememberAsync("token-b", "nonce-0123456789abcdef", Until, default));
    }

    [Fact]
    public async Task While_Redis_is_down_every_call_fails_at_once_and_afterwards_it_works_again_by_itself()
    {
        Assert.True(await Store.TryRememberAsync("token-a", "nonce-before-outage-01", Until, default));

        await _redis.StopAsync();
        var started = DateTime.UtcNow;
        var error = await Assert.ThrowsAnyAsync<Exception>(() => Store.TryRememberAsync("token-a", "nonce-during-outage-01", Until, default).AsTask());
        Assert.True(DatabaseUnavailable.IsCause(error), error.ToString());
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(5), "a call during the outage should fail without waiting out a timeout");

        await _redis.StartAgainAsync();
        Assert.True(await EventuallyAsync(() => Store.TryRememberAsync("token-a", "nonce-after-outage-01", Until, default).AsTask()));
    }

    [Fact]
    public async Task When_Redis_comes_back_without_its_data_signatures_from_before_are_refused_on_every_instance()
    {
        await using var other = _db.Restarted();
        Assert.True(await Store.TryRememberAsync("token-a", "nonce-first-use-00001", Until, default));
        var rememberedSince = Store.RemembersSince;
        Assert.NotNull(rememberedSince);

        _db.Clock.Advance(TimeSpan.FromSeconds(90));
        await _redis.StopAsync();
        await _redis.StartAgainAsync(); // started empty: the nonce above is forgotten

        Assert.True(await EventuallyAsync(() => Store.TryRememberAsync("token-a", "nonce-first-use-00001", Until, default).AsTask()));
        Assert.Equal(_db.Clock.GetUtcNow().AddSeconds(1), Store.RemembersSince);
        await other.GetRequiredService<IReplayStore>().TryRememberAsync("token-a", "nonce-other-instance-1", Until, default);
        Assert.Equal(_db.Clock.GetUtcNow().AddSeconds(1), other.GetRequiredService<IReplayStore>().RemembersSince);
    }

    /// <summary>Retries while the connection comes back (the multiplexer reconnects within a second or two).</summary>
    private static Task<bool> EventuallyAsync(Func<Task<bool>> call) =>
        Eventually.RetryingAsync(call, DatabaseUnavailable.IsCause);
}
