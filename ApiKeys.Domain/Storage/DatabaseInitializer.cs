using System.Security.Cryptography;
using ApiKeys.Domain.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;

namespace ApiKeys.Domain.Storage;

/// <summary>
/// Brings the database to the current schema and seeds the built-in system role, creating the database first when the
/// configured user may (as EF Core's migrations do on every provider). On SQLite it is the only code that creates a
/// database file, and it says so as a warning; then it marks the file and starts watching it
/// (<see cref="SqliteDatabaseFile"/>). A database that cannot be reached, created or used stops start-up with one line
/// (<see cref="DatabaseStartException"/>); the exception behind it is logged at Debug.
/// </summary>
public sealed partial class DatabaseInitializer(
    ApiKeysDbContext db, RoleManager<SystemRole> roles, ILogger<DatabaseInitializer> logger, SqliteDatabaseFile? file = null)
{
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        try
        {
            await PrepareAsync(cancellationToken);
        }
        catch (Exception exception) when (DatabaseStartFailure.Describe(exception, Provider, db.Database.GetConnectionString()) is { } line)
        {
            LogStartFailure(logger, exception);
            throw new DatabaseStartException(line, exception);
        }
    }

    private DatabaseProvider Provider =>
        db.Database.IsNpgsql() ? DatabaseProvider.PostgreSql : db.Database.IsSqlServer() ? DatabaseProvider.SqlServer : DatabaseProvider.Sqlite;

    private async Task PrepareAsync(CancellationToken cancellationToken)
    {
        if (file is not null && !File.Exists(file.Path))
        {
            LogCreatingDatabase(logger, file.Path);
            var create = new SqliteConnectionStringBuilder(db.Database.GetConnectionString()) { Mode = SqliteOpenMode.ReadWriteCreate };
            await using var connection = new SqliteConnection(create.ToString());
            await connection.OpenAsync(cancellationToken);
            await using var wal = connection.CreateCommand();
            wal.CommandText = "PRAGMA journal_mode = 'wal'"; // as EF Core makes a database it creates itself: writers do not block readers
            await wal.ExecuteNonQueryAsync(cancellationToken);
        }

        await EnsureCreatedAsync(cancellationToken);
        await TakingTurnsAsync(async () =>
        {
            await RefuseAnotherApplicationsAsync(cancellationToken);
            // The history table first: EF Core's migrator would otherwise read it before it exists and log that as a failure.
            await db.GetService<IHistoryRepository>().CreateIfNotExistsAsync(cancellationToken);
            await db.Database.MigrateAsync(cancellationToken);
            await EnsureRoleAsync(SystemRole.Administrators);
        }, cancellationToken);
        if (file is not null)
        {
            file.Watch(await MarkAsync(cancellationToken));
        }
    }

    /// <summary>
    /// On PostgreSQL the database is created before the instances take turns (the turns are an advisory lock held in
    /// the database itself); instances that start together on a missing one both try, and the one that finds it made
    /// meanwhile goes on. Elsewhere EF Core's migrations create it.
    /// </summary>
    private async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        var creator = db.GetService<IRelationalDatabaseCreator>();
        if (!db.Database.IsNpgsql() || await creator.ExistsAsync(cancellationToken))
        {
            return;
        }

        try
        {
            await creator.CreateAsync(cancellationToken);
            LogCreatedServerDatabase(logger, db.Database.GetDbConnection().Database);
        }
        catch (Npgsql.PostgresException exception) when (exception.SqlState is "42P04" or "23505")
        {
            // duplicate_database, or the catalog's unique index: another instance created it a moment ago.
        }
    }

    /// <summary>
    /// A database with tables but no migration history belongs to another application: migrating it would mix the two
    /// (or fail half-way on a table name both use), so start-up stops and says so.
    /// </summary>
    private async Task RefuseAnotherApplicationsAsync(CancellationToken cancellationToken)
    {
        if (!await db.GetService<IRelationalDatabaseCreator>().ExistsAsync(cancellationToken))
        {
            return;
        }

        var listed = db.Database.IsNpgsql() ? "SELECT table_name AS \"Value\" FROM information_schema.tables WHERE table_schema = current_schema()"
            : db.Database.IsSqlServer() ? "SELECT TABLE_NAME AS [Value] FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_TYPE = 'BASE TABLE'"
            : "SELECT name AS \"Value\" FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'";
        var tables = await db.Database.SqlQueryRaw<string>(listed).ToListAsync(cancellationToken);
        if (tables.Count > 0 && !tables.Contains(HistoryTable, StringComparer.OrdinalIgnoreCase))
        {
            throw new DatabaseStartException(
                $"{DatabaseStartFailure.Setting}: the database \"{db.Database.GetDbConnection().Database}\" holds {tables.Count} table(s) of another application and no ApiKeys migration history: give ApiKeys an empty database of its own.");
        }
    }

    /// <summary>EF Core's migration history table, which every ApiKeys database has from its first migration on.</summary>
    private const string HistoryTable = "__EFMigrationsHistory";

    /// <summary>
    /// On PostgreSQL instances starting together take turns under an advisory lock held for the whole start-up (EF
    /// Core's own migration lock there does not stop two from applying the same migration). Elsewhere EF Core's lock
    /// serialises the migrations, and the seeding below tolerates a twin.
    /// </summary>
    private async Task TakingTurnsAsync(Func<Task> work, CancellationToken cancellationToken)
    {
        if (!db.Database.IsNpgsql())
        {
            await work();
            return;
        }

        const long MigrationLock = 0x4150494B455953; // "APIKEYS"
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_lock({MigrationLock})", cancellationToken);
            try
            {
                await work();
            }
            finally
            {
                await db.Database.ExecuteSqlRawAsync($"SELECT pg_advisory_unlock({MigrationLock})", CancellationToken.None);
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>The database's mark (<c>PRAGMA user_version</c>), given a random one first if it has none.</summary>
    private async Task<int> MarkAsync(CancellationToken cancellationToken)
    {
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            int mark;
            await using (var transaction = connection.BeginTransaction(deferred: false)) // instances starting together agree
            {
                await using var read = connection.CreateCommand();
                read.CommandText = "PRAGMA user_version";
                mark = Convert.ToInt32(await read.ExecuteScalarAsync(cancellationToken));
                if (mark == 0)
                {
                    mark = RandomNumberGenerator.GetInt32(1, int.MaxValue);
                    await using var write = connection.CreateCommand();
                    write.CommandText = $"PRAGMA user_version = {mark}";
                    await write.ExecuteNonQueryAsync(cancellationToken);
                }

                await transaction.CommitAsync(cancellationToken);
            }

            await using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)"; // the mark into the file's header, where the watch reads it
            await checkpoint.ExecuteNonQueryAsync(cancellationToken);
            return mark;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private async Task EnsureRoleAsync(string name)
    {
        if (await roles.RoleExistsAsync(name))
        {
            return;
        }

        IdentityResult created;
        try
        {
            created = await roles.CreateAsync(new SystemRole { Name = name, IsBuiltIn = true });
        }
        catch (DbUpdateException exception)
        {
            created = IdentityResult.Failed(new IdentityError { Description = exception.GetBaseException().Message });
            db.ChangeTracker.Clear();
        }

        // Another instance starting at the same moment may have created it first.
        if (!created.Succeeded && !await roles.RoleExistsAsync(name))
        {
            throw new InvalidOperationException($"Could not create the system role '{name}': {string.Join("; ", created.Errors.Select(e => e.Description))}");
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The database {Name} did not exist: created it, empty; the migrations follow.")]
    private static partial void LogCreatedServerDatabase(ILogger logger, string name);

    [LoggerMessage(Level = LogLevel.Debug, Message = "The database could not be used at start-up.")]
    private static partial void LogStartFailure(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "There is no database at {Path}: creating a new, empty one. If a database was expected there, stop the app and restore it.")]
    private static partial void LogCreatingDatabase(ILogger logger, string path);
}
