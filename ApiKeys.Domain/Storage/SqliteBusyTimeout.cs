using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ApiKeys.Domain.Storage;

/// <summary>
/// How SQLite connections wait for another connection's write to finish. Left alone, SQLite answers "busy" at once and
/// Microsoft.Data.Sqlite sleeps 150 ms before trying again, so a write that met the replay store's sub-millisecond
/// transaction waited 150 ms (the load test's p99 on SQLite was 110 ms). With a busy timeout SQLite itself waits, in
/// steps of a few milliseconds, only as long as the other write lasts.
/// </summary>
public static class SqliteBusyTimeout
{
    public const string Pragma = "PRAGMA busy_timeout = 5000";

    /// <summary>Sets the busy timeout on every connection the app's SQLite contexts open.</summary>
    internal sealed class Interceptor : DbConnectionInterceptor
    {
        public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
        {
            using var command = connection.CreateCommand();
            command.CommandText = Pragma;
            command.ExecuteNonQuery();
        }

        public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            await using var command = connection.CreateCommand();
            command.CommandText = Pragma;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }
}
