using ApiKeys.Domain.Hmac;
using ApiKeys.Domain.Storage;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ApiKeys.Domain.Redis;

/// <summary>
/// Replay protection in Redis, shared by every instance: <c>SET apikeys:nonce:&lt;fingerprint&gt; 1 NX PX</c>, kept for
/// twice the clock-skew window (and a second), the longest a signature can stay fresh. The multiplexer pipelines
/// concurrent calls on one connection. When Redis cannot be reached the call fails, and the caller answers 503.
/// </summary>
public sealed class RedisReplayStore(RedisConnection redis, IOptions<HmacOptions> options) : IReplayStore
{
    private static readonly byte[] Prefix = "apikeys:nonce:"u8.ToArray();

    public async ValueTask<bool> TryRememberAsync(string token, string nonce, DateTimeOffset rememberUntil, CancellationToken cancellationToken)
    {
        var key = new byte[Prefix.Length + ReplayFingerprint.Length];
        Prefix.CopyTo(key, 0);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt128BigEndian(key.AsSpan(Prefix.Length), ReplayFingerprint.Of(token, nonce));
        try
        {
            var connection = await redis.GetAsync();
            return await connection.GetDatabase().StringSetAsync(key, 1, options.Value.ClockSkew * 2 + TimeSpan.FromSeconds(1), When.NotExists);
        }
        catch (RedisException exception)
        {
            throw new StoreUnavailableException("Redis", exception);
        }
    }
}
