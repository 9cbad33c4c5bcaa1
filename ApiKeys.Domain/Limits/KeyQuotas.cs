using System.Data;
using ApiKeys.Domain.Storage;
using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore;

namespace ApiKeys.Domain.Limits;

/// <summary>
/// Spends one call of a key's quota with one atomic statement on the database, so concurrent calls on any number of
/// instances never let more through than the quota: <c>UPDATE … SET remaining = remaining - 1 WHERE remaining &gt; 0</c>,
/// refilling first when the call falls in a later period than the one counted. The database, not Redis, keeps the
/// count even where Redis is configured: a Redis that restarts empty would hand every key its whole quota again, and
/// the count is what the details page, the API and the command line show.
/// </summary>
public sealed class KeyQuotas(IDbContextFactory<ApiKeysDbContext> databases)
{
    // SET expressions read the row as it was, so the CASE sees the old period. RETURNING on PostgreSQL and SQLite,
    // OUTPUT on SQL Server: the calls left come back with the same statement.
    private const string Set = """
        UPDATE "AuthenticationKeys"
        SET "QuotaRemaining" = CASE WHEN "QuotaPeriod" = @period THEN "QuotaRemaining" - 1 ELSE "QuotaCalls" - 1 END, "QuotaPeriod" = @period
        """;

    private const string Where = """
        WHERE "Token" = @token AND "QuotaCalls" IS NOT NULL AND ("QuotaPeriod" <> @period OR "QuotaPeriod" IS NULL OR "QuotaRemaining" > 0)
        """;

    private readonly CallPathConnections _connections = new(databases);

    /// <summary>The calls left after this one, or null when none was left (the call is refused).</summary>
    public async ValueTask<long?> SpendAsync(string token, Quota quota, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (connection, provider) = await _connections.OpenAsync(cancellationToken);
        await using var _ = connection;
        await using var command = connection.CreateCommand();
        command.CommandText = provider == DatabaseProvider.SqlServer
            ? $"{Set} OUTPUT inserted.\"QuotaRemaining\" {Where}"
            : $"{Set} {Where} RETURNING \"QuotaRemaining\"";
        command.Parameters.Add(provider == DatabaseProvider.SqlServer
            ? new SqlParameter("@token", SqlDbType.VarChar, 64) { Value = token }
            : CallPathConnections.Parameter(command, "@token", token));
        command.Parameters.Add(CallPathConnections.Parameter(command, "@period", quota.PeriodOf(now)));
        var left = await command.ExecuteScalarAsync(cancellationToken);
        return left is null or DBNull ? null : Convert.ToInt64(left, System.Globalization.CultureInfo.InvariantCulture);
    }
}
