using System.Buffers.Binary;
using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace ApiKeys.Domain.Storage;

/// <summary>
/// The SQLite file the app runs on, watched so no write is acknowledged into a file that is gone. Connections open it
/// without the right to create it (only start-up creates a database, and says so loudly), and before every command
/// the file must still be at its path (a deleted file lives on for connections already open to it, and whatever they
/// write is lost) and, checked at most once a second, still be the same database: start-up marks each database with a
/// random number in its header (<c>PRAGMA user_version</c>), and a different file at the path is a replaced one.
/// Either way the command fails with <see cref="DatabaseFileGoneException"/>: an outage (503, the outage alert), not a
/// success.
/// </summary>
public sealed class SqliteDatabaseFile(string path, TimeProvider time)
{
    private static readonly TimeSpan IdentityCheckInterval = TimeSpan.FromSeconds(1);
    private int? _identity;
    private long _identityCheckedAt;
    private volatile bool _replaced;

    public string Path { get; } = path;

    /// <summary>Starts watching, once start-up has migrated and marked the database.</summary>
    public void Watch(int identity)
    {
        _identity = identity;
        _identityCheckedAt = time.GetTimestamp();
    }

    /// <summary>Throws when the file is gone or replaced; does nothing before <see cref="Watch"/>.</summary>
    public void Check()
    {
        if (_identity is not { } expected)
        {
            return;
        }

        if (!File.Exists(Path))
        {
            throw new DatabaseFileGoneException($"The database file {Path} is gone; nothing is written until it is back.");
        }

        if (time.GetElapsedTime(Interlocked.Read(ref _identityCheckedAt)) >= IdentityCheckInterval)
        {
            Interlocked.Exchange(ref _identityCheckedAt, time.GetTimestamp());
            _replaced = ReadIdentity(Path) is { } found && found != expected;
        }

        if (_replaced)
        {
            throw new DatabaseFileGoneException($"The database file {Path} was replaced by another database; nothing is written until the app restarts.");
        }
    }

    /// <summary>The mark in a database file's header (bytes 60-63, big-endian), or null when it cannot be read.</summary>
    public static int? ReadIdentity(string path)
    {
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            Span<byte> header = stackalloc byte[64];
            return file.Read(header) == 64 ? BinaryPrimitives.ReadInt32BigEndian(header[60..]) : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>Runs <see cref="Check"/> before every command of the app's SQLite contexts.</summary>
    internal sealed class Guard(SqliteDatabaseFile file) : DbCommandInterceptor
    {
        public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
        {
            file.Check();
            return result;
        }

        public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
        {
            file.Check();
            return ValueTask.FromResult(result);
        }

        public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
        {
            file.Check();
            return result;
        }

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            file.Check();
            return ValueTask.FromResult(result);
        }

        public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
        {
            file.Check();
            return result;
        }

        public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
        {
            file.Check();
            return ValueTask.FromResult(result);
        }
    }
}
