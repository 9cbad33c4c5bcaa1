using Npgsql;

namespace ApiKeys.Domain.Hmac;

/// <summary>Credential changes pushed to every instance with PostgreSQL's LISTEN/NOTIFY, when there is no Redis.</summary>
public sealed class PostgresCredentialChangeChannel(string connectionString) : ICredentialChangeChannel
{
    private const string Channel = "apikeys_credential_changes";

    public string Name => "PostgreSQL LISTEN/NOTIFY";

    public async Task PushAsync(string message, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var notify = new NpgsqlCommand("SELECT pg_notify(@channel, @message)", connection);
        notify.Parameters.AddWithValue("channel", Channel);
        notify.Parameters.AddWithValue("message", message);
        await notify.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task ListenAsync(Action<string> received, CancellationToken cancellationToken)
    {
        // A connection of its own, outside the pool, with keepalives so a dead server is noticed while waiting.
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, KeepAlive = 15 };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        connection.Notification += (_, notification) => received(notification.Payload);
        await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
        {
            await listen.ExecuteNonQueryAsync(cancellationToken);
        }

        while (true)
        {
            await connection.WaitAsync(cancellationToken);
        }
    }
}
