using Npgsql;

namespace ApiKeys.Tests.Support;

/// <summary>
/// A real PostgreSQL server for the tests: the one CI started (<c>APIKEYS_TEST_POSTGRES</c>), or one started here with
/// scripts/postgres.sh. A test that cannot get a server fails with the reason; it is never skipped.
/// </summary>
public static class PostgresServer
{
    private const string Hint = "Install Debian's postgresql package or set APIKEYS_TEST_POSTGRES to a server's connection string.";
    private static readonly Lazy<Task<string>> Shared = new(() => ThrowawayServer.SharedAsync("APIKEYS_TEST_POSTGRES", "postgres.sh", Hint));

    /// <summary>A new, empty database on the shared server.</summary>
    public static async Task<string> CreateDatabaseAsync()
    {
        var admin = await Shared.Value;
        var name = $"apikeys_{Guid.NewGuid():n}"[..24];
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }

        return new NpgsqlConnectionStringBuilder(admin) { Database = name }.ToString();
    }

    public static async Task DropDatabaseAsync(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(await Shared.Value);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {builder.Database} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    /// <summary>A server of the test's own, which it may stop and start again; with a password, TCP connections must give it.</summary>
    public static Task<ThrowawayServer> StartPrivateAsync(string? password = null) =>
        ThrowawayServer.StartAsync("postgres.sh", Hint, NpgsqlConnection.ClearAllPools,
            password is null ? null : new Dictionary<string, string> { ["POSTGRES_PASSWORD"] = password });

    /// <summary>A connection string for a database on the shared server that does not exist (yet).</summary>
    public static async Task<string> MissingDatabaseAsync() =>
        new NpgsqlConnectionStringBuilder(await Shared.Value) { Database = $"apikeys_new_{Guid.NewGuid():n}"[..28] }.ToString();

    /// <summary>Runs statements on the shared server's maintenance database, as its superuser.</summary>
    public static async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(await Shared.Value);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
