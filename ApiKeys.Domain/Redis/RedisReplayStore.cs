using ApiKeys.Domain.Hmac;
using ApiKeys.Domain.Storage;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ApiKeys.Domain.Redis;

/// <summary>
/// Replay protection in Redis, shared by every instance: a nonce is set with <c>NX</c> under
/// <c>apikeys:nonce:&lt;fingerprint&gt;</c> for twice the clock-skew window and a second, the longest a signature can
/// stay fresh; the multiplexer pipelines concurrent calls on one connection. When Redis cannot be reached the call
/// fails, and the caller answers 503.
/// A Redis that restarted without its data (or was flushed) has forgotten recent nonces. A sentinel key, written with no
/// expiry when Redis is first found without it, holds the moment it started remembering; the script that sets a nonce
/// reads it in the same step, so every instance refuses signatures created before that moment
/// (<see cref="IReplayStore.RemembersSince"/>) and no call can slip in between a loss and its notice.
/// </summary>
public sealed class RedisReplayStore : IReplayStore
{
    // Returns {1 or 0, since}: whether the nonce was new, and the sentinel; {-1} when the sentinel is gone.
    private const string SetNonce = """
        local since = redis.call('GET', KEYS[2])
        if not since then return {-1} end
        if redis.call('SET', KEYS[1], '1', 'NX', 'PX', ARGV[1]) then return {1, since} end
        return {0, since}
        """;

    private static readonly byte[] Prefix = "apikeys:nonce:"u8.ToArray();
    private static readonly RedisKey Sentinel = "apikeys:nonces-kept-since";

    private readonly RedisConnection _redis;
    private readonly TimeProvider _time;
    private readonly IOptions<HmacOptions> _options;
    private long _remembersSinceSeconds = long.MinValue;

    /// <summary>Made when the app starts: a Redis never used before is told now that it remembers from now on.</summary>
    public RedisReplayStore(RedisConnection redis, TimeProvider time, IOptions<HmacOptions> options)
    {
        (_redis, _time, _options) = (redis, time, options);
        _ = WriteSentinelAsync();
    }

    public DateTimeOffset? RemembersSince =>
        Interlocked.Read(ref _remembersSinceSeconds) is var seconds && seconds == long.MinValue ? null : DateTimeOffset.FromUnixTimeSeconds(seconds);

    public async ValueTask<bool> TryRememberAsync(string token, string nonce, DateTimeOffset rememberUntil, CancellationToken cancellationToken)
    {
        var key = new byte[Prefix.Length + ReplayFingerprint.Length];
        Prefix.CopyTo(key, 0);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt128BigEndian(key.AsSpan(Prefix.Length), ReplayFingerprint.Of(token, nonce));
        RedisKey[] keys = [key, Sentinel];
        RedisValue[] ttl = [(long)(_options.Value.ClockSkew * 2 + TimeSpan.FromSeconds(1)).TotalMilliseconds];
        try
        {
            var database = (await _redis.GetAsync()).GetDatabase();
            var result = (RedisResult[])(await database.ScriptEvaluateAsync(SetNonce, keys, ttl))!;
            if ((long)result[0] < 0)
            {
                await database.StringSetAsync(Sentinel, _time.GetUtcNow().ToUnixTimeSeconds(), when: When.NotExists);
                result = (RedisResult[])(await database.ScriptEvaluateAsync(SetNonce, keys, ttl))!;
            }

            if (result.Length > 1 && long.TryParse(result[1].ToString(), out var since))
            {
                Interlocked.Exchange(ref _remembersSinceSeconds, since);
            }

            return (long)result[0] > 0;
        }
        catch (RedisException exception)
        {
            throw new StoreUnavailableException("Redis", exception);
        }
    }

    private async Task WriteSentinelAsync()
    {
        try
        {
            var database = (await _redis.GetAsync()).GetDatabase();
            await database.StringSetAsync(Sentinel, _time.GetUtcNow().ToUnixTimeSeconds(), when: When.NotExists);
        }
        catch (RedisException)
        {
            // Down at start: the first call writes it.
        }
    }
}
