using StackExchange.Redis;

namespace ApiKeys.Domain.Hmac;

/// <summary>
/// The app's one connection to Redis (<c>ConnectionStrings:Redis</c>), opened on first use. It reconnects by itself;
/// while Redis is unreachable, commands fail at once (they are not queued), so a signed request gets 503 instead of waiting.
/// </summary>
public sealed class RedisConnection(string configuration) : IAsyncDisposable
{
    private readonly SemaphoreSlim _connecting = new(1, 1);
    private ConnectionMultiplexer? _multiplexer;

    public const string ConnectionStringName = "Redis";

    public async ValueTask<ConnectionMultiplexer> GetAsync()
    {
        if (Volatile.Read(ref _multiplexer) is { } connected)
        {
            return connected;
        }

        await _connecting.WaitAsync();
        try
        {
            if (_multiplexer is null)
            {
                var options = ConfigurationOptions.Parse(configuration);
                options.AbortOnConnectFail = false;
                options.BacklogPolicy = BacklogPolicy.FailFast;
                options.ConnectTimeout = Math.Min(options.ConnectTimeout, 2_000);
                options.ClientName ??= "ApiKeys";
                Volatile.Write(ref _multiplexer, await ConnectionMultiplexer.ConnectAsync(options));
            }

            return _multiplexer;
        }
        finally
        {
            _connecting.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_multiplexer is not null)
        {
            await _multiplexer.DisposeAsync();
        }

        _connecting.Dispose();
    }
}
