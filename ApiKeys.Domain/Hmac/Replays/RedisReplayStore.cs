using ApiKeys.Domain.Metrics;
using ApiKeys.Domain.Storage;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ApiKeys.Domain.Hmac;

/// <summary>
/// Replay protection in Redis, shared by every instance: <c>SET apikeys:nonce:&lt;fingerprint&gt; 1 NX PX</c>, kept for
/// twice the clock-skew window and a second, the longest a signature can stay fresh. A batch of concurrent requests'
/// nonces goes in one script (<see cref="Remember"/>), one command however many nonces. When Redis cannot be reached
/// the batch fails, and its callers answer 503.
/// A Redis that restarted without its data (or was flushed) has forgotten recent nonces. A sentinel key, written with no
/// expiry when Redis is first found without it, holds the moment it started remembering. Each batch's script reads it
/// after its <c>SET</c>s: had Redis lost its memory before them, the read shows it, so every instance refuses signatures
/// created before that moment (<see cref="IReplayStore.RemembersSince"/>).
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
    /// One script for the whole batch: a <c>SET NX PX</c> per nonce, then the sentinel, written first when Redis has none
    /// (ARGV[2], the next second: it lost its memory, or never had any). One command answers the batch in one round
    /// trip, and a script runs whole: no other command comes between its writes and its read of the sentinel.
    /// </summary>
    private const string Remember = """
        local answer = {}
        for i = 1, #KEYS - 1 do
          answer[i] = redis.call('SET', KEYS[i], '1', 'NX', 'PX', ARGV[1]) and 1 or 0
        end
        local kept = redis.call('GET', KEYS[#KEYS])
        if not kept then
          redis.call('SET', KEYS[#KEYS], ARGV[2])
          kept = ARGV[2]
        end
        answer[#KEYS] = kept
        return answer
        """;

    protected override async Task WriteAsync(IReadOnlyList<Pending> batch)
    {
        try
        {
            var (fresh, sentinel) = await RunScriptAsync(batch);
            if (sentinel is { } seconds)
            {
                RememberingSince(seconds);
            }

            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Completion.TrySetResult(fresh[i]);
            }
        }
        catch (RedisException exception)
        {
            throw new StoreUnavailableException("Redis", exception);
        }
    }

    /// <summary>Whether each nonce was new, and the sentinel's value.</summary>
    private async Task<(bool[] Fresh, long? Sentinel)> RunScriptAsync(IReadOnlyList<Pending> batch)
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
        var answer = (RedisResult[])(await database.ScriptEvaluateAsync(Remember, keys, [(long)_ttl.TotalMilliseconds, NextSecond()]))!;
        var sentinel = (RedisValue)answer[batch.Count];
        return ([.. answer.Take(batch.Count).Select(a => (long)a == 1)], long.TryParse(sentinel.ToString(), out var seconds) ? seconds : null);
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
