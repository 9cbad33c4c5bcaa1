using System.Data.Common;
using System.Net.Sockets;
using Microsoft.Data.SqlClient;
using Npgsql;

namespace ApiKeys.Domain.Storage;

/// <summary>
/// Why the configured database could not be opened, created or migrated at start-up, as one line for the operator:
/// the setting, the server and the database, and what to do. Null for anything that is not about reaching the database.
/// </summary>
public static class DatabaseStartFailure
{
    public const string Setting = $"ConnectionStrings:{StorageServices.ConnectionStringName}";

    public static string? Describe(Exception exception, DatabaseProvider provider, string? connectionString) => provider switch
    {
        DatabaseProvider.PostgreSql => Postgres(exception, connectionString ?? ""),
        DatabaseProvider.SqlServer => SqlServer(exception, connectionString ?? ""),
        _ => Sqlite(exception),
    };

    private static string? Postgres(Exception exception, string connectionString)
    {
        var at = new NpgsqlConnectionStringBuilder(connectionString);
        var where = $"PostgreSQL at {at.Host}:{at.Port}, database \"{at.Database}\"";
        return Find<PostgresException>(exception) switch
        {
            { SqlState: "28P01" or "28000" } => $"{Setting}: {where} refused the user \"{at.Username}\" (wrong password, or pg_hba.conf does not let it in): check Username and Password in the connection string.",
            { SqlState: "3D000" } => $"{Setting}: {where} does not exist and could not be created: create it (createdb -h {at.Host} -p {at.Port} -O {at.Username} {at.Database}) or set Database to one that exists.",
            { SqlState: "42501" } missing when missing.MessageText.Contains("create database", StringComparison.OrdinalIgnoreCase) =>
                $"{Setting}: {where} does not exist and the user \"{at.Username}\" may not create it: create it (createdb -h {at.Host} -p {at.Port} -O {at.Username} {at.Database}), or ALTER ROLE \"{at.Username}\" CREATEDB.",
            { SqlState: "42501" } => $"{Setting}: the user \"{at.Username}\" lacks a right ApiKeys needs on {where}: make it the database's owner (ALTER DATABASE \"{at.Database}\" OWNER TO \"{at.Username}\").",
            { SqlState: "57P03" } => $"{Setting}: {where} is starting up or shutting down: try again in a moment.",
            not null => null,
            null when Find<SocketException>(exception) is not null || Find<NpgsqlException>(exception) is { InnerException: TimeoutException or IOException } =>
                $"{Setting}: nothing answers as {where}: start the server, or correct Host and Port in the connection string.",
            _ => null,
        };
    }

    private static string? SqlServer(Exception exception, string connectionString)
    {
        var at = new SqlConnectionStringBuilder(connectionString);
        var where = $"SQL Server {at.DataSource}, database \"{at.InitialCatalog}\"";
        return Find<SqlException>(exception)?.Number switch
        {
            18456 => $"{Setting}: {where} refused the login \"{at.UserID}\": check User Id and Password in the connection string.",
            4060 => $"{Setting}: {where} cannot be opened by \"{at.UserID}\": create it, or give the login access to it.",
            262 or 1801 => $"{Setting}: {where} does not exist and \"{at.UserID}\" may not create it: create it (CREATE DATABASE [{at.InitialCatalog}]) or grant CREATE DATABASE.",
            -1 or 2 or 53 or 258 or 10060 or 10061 or 11001 => $"{Setting}: nothing answers as {where}: start the server, or correct the Server in the connection string.",
            _ => null,
        };
    }

    private static string? Sqlite(Exception exception) =>
        Find<DbException>(exception) is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 14 or 8 } refused
            ? $"{Setting}: the SQLite file cannot be opened for writing ({refused.Message.TrimEnd('.')}): check Database:DataFolder and that the app may write there."
            : null;

    private static T? Find<T>(Exception exception)
        where T : Exception
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is T found)
            {
                return found;
            }
        }

        return null;
    }
}
