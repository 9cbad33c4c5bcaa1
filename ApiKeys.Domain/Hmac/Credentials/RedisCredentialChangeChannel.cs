using StackExchange.Redis;

namespace ApiKeys.Domain.Hmac;

/// <summary>Credential changes pushed to every instance over Redis pub/sub.</summary>
public sealed class RedisCredentialChangeChannel(RedisConnection redis) : ICredentialChangeChannel
{
    private static readonly RedisChannel Channel = RedisChannel.Literal("apikeys:credential-changes");

    public string Name => "Redis pub/sub";

    public async Task PushAsync(string message, CancellationToken cancellationToken)
    {
        var connection = await redis.GetAsync();
        await connection.GetSubscriber().PublishAsync(Channel, message);
    }

    public async Task ListenAsync(Action<string> received, CancellationToken cancellationToken)
    {
        var connection = await redis.GetAsync();
        var subscriber = connection.GetSubscriber();
        // The multiplexer subscribes again by itself after reconnecting; what is lost meanwhile, the change log catches.
        await subscriber.SubscribeAsync(Channel, (_, message) => received(message.ToString()));
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        finally
        {
            await subscriber.UnsubscribeAsync(Channel);
        }
    }
}
