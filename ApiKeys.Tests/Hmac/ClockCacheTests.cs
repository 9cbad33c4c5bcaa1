using ApiKeys.Domain.Hmac;

namespace ApiKeys.Tests.Hmac;

public class ClockCacheTests
{
    [Fact]
    public void When_full_an_entry_read_since_the_hand_last_passed_stays_and_an_unread_one_makes_room()
    {
        var cache = new ClockCache<string, int>(3);
        cache.Set("a", 1);
        cache.Set("b", 2);
        cache.Set("c", 3);
        Assert.True(cache.TryGet("a", out _));

        cache.Set("d", 4);

        Assert.Equal(3, cache.Count);
        Assert.True(cache.TryGet("a", out var a));
        Assert.Equal(1, a);
        Assert.False(cache.TryGet("b", out _));
        Assert.True(cache.TryGet("c", out _));
        Assert.True(cache.TryGet("d", out _));
    }

    [Fact]
    public void Entries_read_often_survive_a_stream_of_entries_read_once()
    {
        var cache = new ClockCache<string, int>(100);
        for (var i = 0; i < 10; i++)
        {
            cache.Set($"hot-{i}", i);
        }

        for (var i = 0; i < 10_000; i++)
        {
            for (var hot = 0; hot < 10; hot++)
            {
                cache.TryGet($"hot-{hot}", out _);
            }

            cache.Set($"cold-{i}", i);
        }

        Assert.All(Enumerable.Range(0, 10), hot => Assert.True(cache.TryGet($"hot-{hot}", out _)));
        Assert.Equal(100, cache.Count);
    }

    [Fact]
    public void Removed_entries_free_their_place_without_evicting_others()
    {
        var cache = new ClockCache<string, string>(3);
        cache.Set("k1", "account-a");
        cache.Set("k2", "account-b");
        cache.Set("k3", "account-a");

        Assert.Equal(2, cache.RemoveWhere(account => account == "account-a"));
        cache.Remove("k2");
        cache.Set("k4", "account-c");
        cache.Set("k5", "account-c");
        cache.Set("k6", "account-c");

        Assert.Equal(3, cache.Count);
        Assert.All(["k4", "k5", "k6"], key => Assert.True(cache.TryGet(key, out _)));
        cache.Clear();
        Assert.Equal(0, cache.Count);
        Assert.False(cache.TryGet("k4", out _));
    }
}
