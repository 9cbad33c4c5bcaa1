using System.Data.Common;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace ApiKeys.Domain.Storage;

/// <summary>
/// Pooled connections of the provider's own ADO.NET driver, for the few statements on the signed-call path (a cache
/// miss's key row, a quota's spend): one parameterised statement costs far less this way than through a new EF Core
/// context and query.
/// </summary>
internal sealed class CallPathConnections(IDbContextFactory<ApiKeysDbContext> databases)
{
    private (DatabaseProvider Provider, string ConnectionString)? _database;

    public async Task<(DbConnection Connection, DatabaseProvider Provider)> OpenAsync(CancellationToken cancellationToken)
    {
        var (provider, connectionString) = _database ??= await DatabaseAsync(cancellationToken);
        DbConnection connection = provider switch
        {
            DatabaseProvider.PostgreSql => new NpgsqlConnection(connectionString),
            DatabaseProvider.SqlServer => new SqlConnection(connectionString),
            _ => new SqliteConnection(connectionString),
        };
        try
        {
            await connection.OpenAsync(cancellationToken);
            return (connection, provider);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public static DbParameter Parameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        return parameter;
    }

    /// <summary>The provider and connection string the app's contexts use (for SQLite, the one its start-up checked).</summary>
    private async Task<(DatabaseProvider, string)> DatabaseAsync(CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var provider = db switch
        {
            PostgresApiKeysDbContext => DatabaseProvider.PostgreSql,
            SqlServerApiKeysDbContext => DatabaseProvider.SqlServer,
            _ => DatabaseProvider.Sqlite,
        };
        var connectionString = db.Database.GetConnectionString()!;
        if (provider == DatabaseProvider.PostgreSql)
        {
            // Prepared on each pooled connection after its second use: PostgreSQL then skips parsing and planning. These
            // statements set no session state, so a connection back in its pool needs no reset (which would run a
            // RESET ALL, CLOSE ALL, UNLISTEN and more on the server before every statement).
            connectionString = new NpgsqlConnectionStringBuilder(connectionString) { MaxAutoPrepare = 8, AutoPrepareMinUsages = 2, NoResetOnClose = true }.ConnectionString;
        }

        return (provider, connectionString);
    }
}
