using ApiKeys.Domain.Hmac;
using Microsoft.Extensions.Time.Testing;

namespace ApiKeys.Tests.Hmac;

public class InMemoryReplayStoreTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(Start);
    private readonly InMemoryReplayStore _store;

    public InMemoryReplayStoreTests() => _store = new InMemoryReplayStore(_clock);

    [Fact]
    public async Task A_nonce_is_accepted_once_per_key()
    {
        var until = Start.AddMinutes(5);

        Assert.True(await _store.TryRememberAsync("token-a", "nonce-0123456789abcdef", until, CancellationToken.None));
        Assert.False(await _store.TryRememberAsync("token-a", "nonce-0123456789abcdef", until, CancellationToken.None));
        Assert.True(await _store.TryRememberAsync("token-b", "nonce-0123456789abcdef", until, CancellationToken.None));
    }

    [Fact]
    public async Task A_nonce_is_remembered_until_its_time_and_then_forgotten()
    {
        var until = Start.AddMinutes(5);
        Assert.True(await _store.TryRememberAsync("token-a", "nonce-remembered-000001", until, CancellationToken.None));

        _clock.SetUtcNow(until);
        Assert.False(await _store.TryRememberAsync("token-a", "nonce-remembered-000001", until, CancellationToken.None));

        // Once its window has closed, the next new slice drops it (the clock check refuses so old a signature anyway).
        _clock.SetUtcNow(until.AddSeconds(30));
        Assert.True(await _store.TryRememberAsync("token-a", "nonce-remembered-000001", until.AddMinutes(5), CancellationToken.None));
        Assert.True(await _store.TryRememberAsync("token-a", "nonce-remembered-000001", until, CancellationToken.None));
    }

    [Fact]
    public async Task Many_nonces_are_all_told_apart_and_each_replay_is_caught()
    {
        var until = Start.AddMinutes(5);
        var nonces = Enumerable.Range(0, 50_000).Select(i => $"nonce-{i:D12}").ToList();

        foreach (var nonce in nonces)
        {
            Assert.True(await _store.TryRememberAsync("token-a", nonce, until, CancellationToken.None));
        }

        foreach (var nonce in nonces)
        {
            Assert.False(await _store.TryRememberAsync("token-a", nonce, until, CancellationToken.None));
        }
    }

    [Fact]
    public async Task Concurrent_uses_of_one_nonce_let_exactly_one_through()
    {
        var until = Start.AddMinutes(5);
        for (var round = 0; round < 200; round++)
        {
            var nonce = $"nonce-race-{round:D10}";
            var attempts = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(
                async () => await _store.TryRememberAsync("token-a", nonce, until, CancellationToken.None))));

            Assert.Single(attempts, accepted => accepted);
        }
    }
}
