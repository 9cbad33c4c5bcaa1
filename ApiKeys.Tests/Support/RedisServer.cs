namespace ApiKeys.Tests.Support;

/// <summary>
/// A real Redis server for the tests: the one CI started (<c>APIKEYS_TEST_REDIS</c>), or one started here with
/// scripts/redis.sh. A test that cannot get a server fails with the reason; it is never skipped.
/// </summary>
public static class RedisServer
{
    private const string Hint = "Install Debian's redis-server package or set APIKEYS_TEST_REDIS to a server's connection string.";
    private static readonly Lazy<Task<string>> Shared = new(async () =>
    {
        var connectionString = await ThrowawayServer.SharedAsync("APIKEYS_TEST_REDIS", "redis.sh", Hint);

        // The shared server acts as one long in use: a Redis never used before refuses signatures of its first second
        // (RedisOutageTests covers that on a server of its own), which would fail whichever test happens to come first.
        await using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(connectionString);
        await redis.GetDatabase().StringSetAsync("apikeys:nonces-kept-since", DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds(), when: StackExchange.Redis.When.NotExists);
        return connectionString;
    });

    /// <summary>The shared server's connection string; tests keep apart by their own keys (nonces are per key).</summary>
    public static Task<string> SharedAsync() => Shared.Value;

    /// <summary>A server of the test's own, which it may stop and start again.</summary>
    public static Task<ThrowawayServer> StartPrivateAsync() => ThrowawayServer.StartAsync("redis.sh", Hint);
}
