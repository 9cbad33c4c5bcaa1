using ApiKeys.Domain.Hmac;
using ApiKeys.Domain.Storage;
using StackExchange.Redis;

namespace ApiKeys.Domain.Limits;

/// <summary>
/// Each key's calls in its current window, in Redis: one <c>INCR</c> (with its expiry set by the first) per call, one
/// atomic script, so every instance counts against the same number and the limit is exact across them. Concurrent
/// calls' scripts share the connection's pipeline with the nonces' batches.
/// </summary>
public sealed class RedisKeyRateCounter(RedisConnection redis) : IKeyRateCounter
{
    private const string Count = """
        local n = redis.call('INCR', KEYS[1])
        if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
        return n
        """;

    public async ValueTask<long> CountAsync(Guid keyId, RateLimit rate, long window, CancellationToken cancellationToken)
    {
        RedisKey key = $"apikeys:rate:{keyId:N}:{(int)rate.Per}:{window}";
        try
        {
            var database = (await redis.GetAsync()).GetDatabase();
            // Kept a window longer than it counts, so a clock a little behind on another instance still finds it.
            return (long)(await database.ScriptEvaluateAsync(Count, [key], [(long)rate.Window.TotalMilliseconds * 2]));
        }
        catch (RedisException exception)
        {
            throw new StoreUnavailableException("Redis", exception); // fails closed: 503, never an unlimited call
        }
    }
}
