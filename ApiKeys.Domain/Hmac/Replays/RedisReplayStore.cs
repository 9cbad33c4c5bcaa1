using ApiKeys.Domain.Metrics;
using ApiKeys.Domain.Storage;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ApiKeys.Domain.Hmac;

/// <summary>
/// Replay protection in Redis, shared by every instance: <c>SET apikeys:nonce:&lt;fingerprint&gt; 1 NX PX</c>, kept for
/// twice the clock-skew window and a second, the longest a signature can stay fresh. A batch of concurrent requests'
/// nonces goes in one pipelined burst. When Redis cannot be reached the batch fails, and its callers answer 503.
/// A Redis that restarted without its data (or was flushed) has forgotten recent nonces. A sentinel key, written with no
/// expiry when Redis is first found without it, holds the moment it started remembering. Each burst reads it after its
/// <c>SET</c>s, on the same connection: had Redis lost its memory before them, the read shows it, so every instance
/// refuses signatures created before that moment (<see cref="IReplayStore.RemembersSince"/>).
/// </summary>
public sealed class RedisReplayStore : GroupCommitReplayStore
{
    private static readonly byte[] Prefix = "apikeys:nonce:"u8.ToArray();
    private static readonly RedisKey Sentinel = "apikeys:nonces-kept-since";

    protected override string StoreName => "redis";

    private readonly RedisConnection _redis;
    private readonly TimeProvider _time;
    private readonly TimeSpan _ttl;

    /// <summary>Made when the app starts: a Redis never used before is told now that it remembers from now on.</summary>
    public RedisReplayStore(RedisConnection redis, TimeProvider time, IOptions<HmacOptions> options, ApiKeysMetrics? metrics = null)
        : base(options.Value.ReplayBatchWindow, metrics)
    {
        (_redis, _time, _ttl) = (redis, time, options.Value.ClockSkew * 2 + TimeSpan.FromSeconds(1));
        _ = WriteSentinelAsync();
    }

    /// <summary>
    /// One script for the whole batch: a <c>SET NX PX</c> per nonce and a read of the sentinel, answered as one array.
    /// One command (sent as <c>EVALSHA</c> once the script is loaded) costs the client a fraction of one command per
    /// nonce, which is what a batch used to cost it.
    /// </summary>
    private const string Remember = """
        local answer = {}
        for i = 1, #KEYS - 1 do
          answer[i] = redis.call('SET', KEYS[i], '1', 'NX', 'PX', ARGV[1]) and 1 or 0
        end
        answer[#KEYS] = redis.call('GET', KEYS[#KEYS])
        return answer
        """;

    protected override async Task WriteAsync(IReadOnlyList<Pending> batch)
    {
        try
        {
            var database = (await _redis.GetAsync()).GetDatabase();
            var keys = new RedisKey[batch.Count + 1];
            for (var i = 0; i < batch.Count; i++)
            {
                var key = new byte[Prefix.Length + ReplayFingerprint.Length];
                Prefix.CopyTo(key, 0);
                System.Buffers.Binary.BinaryPrimitives.WriteUInt128BigEndian(key.AsSpan(Prefix.Length), batch[i].Fingerprint);
                keys[i] = key;
            }

            keys[batch.Count] = Sentinel;
            var answer = (RedisResult[])(await database.ScriptEvaluateAsync(Remember, keys, [(long)_ttl.TotalMilliseconds]))!;
            var sentinel = (RedisValue)answer[batch.Count];
            if (!sentinel.HasValue)
            {
                var since = NextSecond();
                sentinel = await database.StringSetAsync(Sentinel, since, when: When.NotExists) ? since : await database.StringGetAsync(Sentinel);
            }

            if (long.TryParse(sentinel.ToString(), out var seconds))
            {
                RememberingSince(seconds);
            }

            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Completion.TrySetResult((long)answer[i] == 1);
            }
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
            await database.StringSetAsync(Sentinel, NextSecond(), when: When.NotExists);
        }
        catch (RedisException)
        {
            // Down at start: the first burst writes it.
        }
    }

    /// <summary>Signatures carry whole seconds: one created in the second Redis was found empty may predate that.</summary>
    private long NextSecond() => _time.GetUtcNow().ToUnixTimeSeconds() + 1;
}
