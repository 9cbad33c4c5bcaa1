using System.Buffers.Binary;
using System.Data;
using System.Data.Common;
using System.Diagnostics;
using System.Text;
using ApiKeys.Domain.Storage;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace ApiKeys.Domain.Hmac;

/// <summary>
/// Inserts a batch of used nonces, skipping those the table already holds, and tells which it inserted; the primary
/// key decides, so two instances inserting one nonce at once cannot both succeed. It keeps one connection of its own
/// (opened again after a failure), so a batch costs no connection set-up and its statement stays prepared.
/// <list type="bullet">
/// <item>PostgreSQL: <c>INSERT … SELECT FROM unnest(…) ON CONFLICT DO NOTHING RETURNING</c>: one prepared statement, two array parameters.</item>
/// <item>SQLite: <c>INSERT OR IGNORE</c>, one prepared row statement run for each nonce in one transaction: in process,
/// a run costs a few microseconds, and the commit, the dear part, is shared.</item>
/// <item>SQL Server: <c>INSERT … OUTPUT inserted … VALUES</c> into a primary key made with <c>IGNORE_DUP_KEY = ON</c>.</item>
/// </list>
/// </summary>
internal abstract class NonceBatchStatement(string connectionString) : IAsyncDisposable
{
    private DbConnection? _connection;

    protected string ConnectionString { get; } = connectionString;

    public static NonceBatchStatement For(DatabaseProvider provider, string connectionString, TimeProvider time) => provider switch
    {
        DatabaseProvider.PostgreSql => new PostgreSql(connectionString, time),
        DatabaseProvider.SqlServer => new SqlServer(connectionString),
        _ => new Sqlite(connectionString),
    };

    /// <summary>
    /// Inserts the nonces, which are distinct; returns the ones inserted. A connection that broke while idle (the
    /// server restarted) is replaced and the batch tried once more on a new one. Should the first try have reached the
    /// table after all, the second refuses its nonces as replays: a request refused in error, never a replay let through.
    /// </summary>
    public async Task<NonceBatchResult> InsertAsync(IReadOnlyList<GroupCommitReplayStore.Pending> nonces)
    {
        if (_connection is not null)
        {
            try
            {
                return await InsertAsync(_connection, nonces);
            }
            catch (DbException)
            {
                await DisposeAsync();
            }
        }

        try
        {
            _connection = Connect();
            await _connection.OpenAsync();
            return await InsertAsync(_connection, nonces);
        }
        catch
        {
            await DisposeAsync(); // a broken connection is not used again
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
            _connection = null;
        }

        Forget();
    }

    protected abstract DbConnection Connect();

    protected abstract Task<NonceBatchResult> InsertAsync(DbConnection connection, IReadOnlyList<GroupCommitReplayStore.Pending> nonces);

    /// <summary>Drops what belonged to the connection (prepared commands).</summary>
    protected virtual void Forget()
    {
    }

    protected static async Task<HashSet<(DateTimeOffset, UInt128)>> ReadInsertedAsync(DbDataReader reader, int capacity)
    {
        var inserted = new HashSet<(DateTimeOffset, UInt128)>(capacity);
        var fingerprint = new byte[ReplayFingerprint.Length];
        while (await reader.ReadAsync())
        {
            reader.GetBytes(0, 0, fingerprint, 0, fingerprint.Length);
            inserted.Add((reader.GetFieldValue<DateTimeOffset>(1), ReplayFingerprint.FromBytes(fingerprint)));
        }

        return inserted;
    }

    /// <summary>
    /// The table is unlogged, so a crash or a failover empties it. A sentinel row, which no nonce can be (it is kept
    /// until 'infinity'), holds the second from which the table has held every nonce; each batch reads it after its
    /// insert, in the same round trip. Found missing, the table has lost its nonces: the sentinel is written anew with the
    /// next second, and every instance then refuses signatures created before it (<see cref="IReplayStore.RemembersSince"/>).
    /// </summary>
    private sealed class PostgreSql(string connectionString, TimeProvider time) : NonceBatchStatement(connectionString)
    {
        // Two instances that found it missing at once may both have written one: the latest counts.
        private const string ReadSentinel = """
            SELECT "Fingerprint" FROM "UsedNonces" WHERE "RememberUntil" = 'infinity' ORDER BY "Fingerprint" DESC LIMIT 1
            """;

        private NpgsqlBatch? _insert;

        protected override DbConnection Connect() => new NpgsqlConnection(ConnectionString);

        protected override async Task<NonceBatchResult> InsertAsync(DbConnection connection, IReadOnlyList<GroupCommitReplayStore.Pending> nonces)
        {
            if (_insert is null)
            {
                _insert = new NpgsqlBatch((NpgsqlConnection)connection)
                {
                    BatchCommands =
                    {
                        new NpgsqlBatchCommand("""
                            INSERT INTO "UsedNonces" ("RememberUntil", "Fingerprint")
                            SELECT * FROM unnest($1, $2)
                            ON CONFLICT DO NOTHING
                            RETURNING "Fingerprint", "RememberUntil"
                            """)
                        {
                            Parameters = { new() { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz }, new() { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Bytea } },
                        },
                        new NpgsqlBatchCommand(ReadSentinel),
                    },
                };
                await _insert.PrepareAsync();
            }

            var until = new DateTimeOffset[nonces.Count];
            var fingerprints = new byte[nonces.Count][];
            for (var i = 0; i < nonces.Count; i++)
            {
                until[i] = nonces[i].RememberUntil;
                fingerprints[i] = ReplayFingerprint.ToBytes(nonces[i].Fingerprint);
            }

            _insert.BatchCommands[0].Parameters[0].Value = until;
            _insert.BatchCommands[0].Parameters[1].Value = fingerprints;
            HashSet<(DateTimeOffset, UInt128)> inserted;
            byte[]? sentinel;
            await using (var reader = await _insert.ExecuteReaderAsync())
            {
                inserted = await ReadInsertedAsync(reader, nonces.Count);
                await reader.NextResultAsync();
                sentinel = await reader.ReadAsync() ? reader.GetFieldValue<byte[]>(0) : null;
            }

            sentinel ??= await WriteSentinelAsync((NpgsqlConnection)connection);
            var since = BinaryPrimitives.ReadInt64BigEndian(sentinel.AsSpan(8));
            return new NonceBatchResult(inserted, since);
        }

        /// <summary>The table lost its nonces: it remembers from the next second on (signatures carry whole seconds).</summary>
        private async Task<byte[]> WriteSentinelAsync(NpgsqlConnection connection)
        {
            var sentinel = new byte[ReplayFingerprint.Length];
            BinaryPrimitives.WriteInt64BigEndian(sentinel.AsSpan(8), time.GetUtcNow().ToUnixTimeSeconds() + 1);
            await using (var write = new NpgsqlCommand("""
                INSERT INTO "UsedNonces" ("RememberUntil", "Fingerprint") VALUES ('infinity', $1) ON CONFLICT DO NOTHING
                """, connection) { Parameters = { new() { Value = sentinel } } })
            {
                await write.ExecuteNonQueryAsync();
            }

            await using var read = new NpgsqlCommand(ReadSentinel, connection);
            return (byte[])(await read.ExecuteScalarAsync())!;
        }

        protected override void Forget()
        {
            _insert?.Dispose();
            _insert = null;
        }
    }

    /// <summary>
    /// SQLite keeps times as UTC ticks (see <see cref="SqliteApiKeysDbContext"/>). The writer's connection never
    /// checkpoints the write-ahead log itself: left to SQLite, the commit that filled the log to a thousand pages copied
    /// it into the database file and synced it, and every request waiting for the next batch waited too (with the busy
    /// timeout alone, the load test's p99 stayed at 27 ms). A connection of its own checkpoints in the background
    /// instead, at most every <see cref="CheckpointInterval"/> while nonces come, without blocking the writer (passive).
    /// </summary>
    private sealed class Sqlite(string connectionString) : NonceBatchStatement(connectionString)
    {
        private static readonly TimeSpan CheckpointInterval = TimeSpan.FromMilliseconds(250);

        private SqliteCommand? _insert;
        private long _checkpointedAt;
        private Task _checkpoint = Task.CompletedTask;

        protected override DbConnection Connect() => new SqliteConnection(ConnectionString);

        protected override async Task<NonceBatchResult> InsertAsync(DbConnection connection, IReadOnlyList<GroupCommitReplayStore.Pending> nonces)
        {
            var sqlite = (SqliteConnection)connection;
            if (_insert is null)
            {
                await using (var pragma = sqlite.CreateCommand())
                {
                    // WAL without a sync per commit: a commit survives the app's crash or kill, only the OS's can lose it.
                    pragma.CommandText = $"PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = 0; {SqliteBusyTimeout.Pragma}";
                    await pragma.ExecuteNonQueryAsync();
                }

                _insert = sqlite.CreateCommand();
                _insert.CommandText = "INSERT OR IGNORE INTO \"UsedNonces\" (\"RememberUntil\", \"Fingerprint\") VALUES ($until, $fingerprint)";
                _insert.Parameters.Add("$until", SqliteType.Integer);
                _insert.Parameters.Add("$fingerprint", SqliteType.Blob);
                _insert.Prepare();
            }

            var inserted = new HashSet<(DateTimeOffset, UInt128)>(nonces.Count);
            await using (var transaction = (SqliteTransaction)await sqlite.BeginTransactionAsync(IsolationLevel.Serializable))
            {
                _insert.Transaction = transaction;
                foreach (var nonce in nonces)
                {
                    _insert.Parameters[0].Value = nonce.RememberUntil.UtcTicks;
                    _insert.Parameters[1].Value = ReplayFingerprint.ToBytes(nonce.Fingerprint);
                    if (await _insert.ExecuteNonQueryAsync() == 1)
                    {
                        inserted.Add((nonce.RememberUntil, nonce.Fingerprint));
                    }
                }

                await transaction.CommitAsync();
            }

            if (_checkpoint.IsCompleted && Stopwatch.GetElapsedTime(_checkpointedAt) >= CheckpointInterval)
            {
                _checkpointedAt = Stopwatch.GetTimestamp();
                _checkpoint = Task.Run(CheckpointAsync);
            }

            return new NonceBatchResult(inserted, null);
        }

        /// <summary>Copies what it can of the log into the database file; one that fails leaves it to the next.</summary>
        private async Task CheckpointAsync()
        {
            try
            {
                await using var connection = new SqliteConnection(ConnectionString);
                await connection.OpenAsync();
                await using var checkpoint = connection.CreateCommand();
                checkpoint.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
                await checkpoint.ExecuteNonQueryAsync();
            }
            catch (SqliteException)
            {
                // The database is locked for a moment or gone: the writer's own next batch says so if it matters.
            }
        }

        protected override void Forget()
        {
            _insert?.Dispose();
            _insert = null;
        }
    }

    /// <summary>A multi-row <c>VALUES</c> list, built per batch.</summary>
    private sealed class SqlServer(string connectionString) : NonceBatchStatement(connectionString)
    {
        protected override DbConnection Connect() => new SqlConnection(ConnectionString);

        protected override async Task<NonceBatchResult> InsertAsync(DbConnection connection, IReadOnlyList<GroupCommitReplayStore.Pending> nonces)
        {
            await using var command = (SqlCommand)connection.CreateCommand();
            var text = new StringBuilder("INSERT INTO [UsedNonces] ([RememberUntil], [Fingerprint]) OUTPUT INSERTED.[Fingerprint], INSERTED.[RememberUntil] VALUES ");
            for (var i = 0; i < nonces.Count; i++)
            {
                text.Append(i == 0 ? "" : ", ").Append("(@u").Append(i).Append(", @f").Append(i).Append(')');
                command.Parameters.Add(new SqlParameter($"@u{i}", SqlDbType.DateTimeOffset) { Value = nonces[i].RememberUntil });
                command.Parameters.Add(new SqlParameter($"@f{i}", SqlDbType.Binary, ReplayFingerprint.Length) { Value = ReplayFingerprint.ToBytes(nonces[i].Fingerprint) });
            }

            command.CommandText = text.ToString();
            await using var reader = await command.ExecuteReaderAsync();
            return new NonceBatchResult(await ReadInsertedAsync(reader, nonces.Count), null);
        }
    }
}

/// <summary>The nonces a batch inserted, and from when the table holds every nonce (null where it cannot lose them).</summary>
internal sealed record NonceBatchResult(HashSet<(DateTimeOffset, UInt128)> Inserted, long? RemembersSinceSeconds);
