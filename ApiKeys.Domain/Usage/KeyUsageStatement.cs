using ApiKeys.Domain.Storage;
using Microsoft.EntityFrameworkCore;

namespace ApiKeys.Domain.Usage;

/// <summary>
/// Adds a batch of hourly counts to the usage table, in one transaction, skipping keys deleted meanwhile:
/// <list type="bullet">
/// <item>PostgreSQL: one <c>INSERT … SELECT FROM unnest(…) ON CONFLICT DO UPDATE</c> for the whole batch.</item>
/// <item>SQLite: <c>INSERT … ON CONFLICT DO UPDATE</c> per row, in one transaction (in process, the commit is the dear part).</item>
/// <item>SQL Server: <c>MERGE … WITH (HOLDLOCK)</c> per row, in one transaction.</item>
/// </list>
/// </summary>
internal static class KeyUsageStatement
{
    public static async Task AddAsync(ApiKeysDbContext db, IReadOnlyList<KeyUsageHour> batch, CancellationToken cancellationToken)
    {
        var database = db.Database;
        await using var transaction = await database.BeginTransactionAsync(cancellationToken);
        if (db is PostgresApiKeysDbContext)
        {
            Guid[] keys = [.. batch.Select(u => u.KeyId)];
            long[] hours = [.. batch.Select(u => u.Hour)];
            long[] accepted = [.. batch.Select(u => u.Accepted)];
            long[] refused = [.. batch.Select(u => u.Refused)];
            await database.ExecuteSqlAsync($"""
                INSERT INTO "KeyUsage" ("KeyId", "Hour", "Accepted", "Refused")
                SELECT u.k, u.h, u.a, u.r FROM unnest({keys}, {hours}, {accepted}, {refused}) AS u(k, h, a, r)
                WHERE EXISTS (SELECT 1 FROM "AuthenticationKeys" WHERE "Id" = u.k)
                ON CONFLICT ("KeyId", "Hour") DO UPDATE
                SET "Accepted" = "KeyUsage"."Accepted" + excluded."Accepted", "Refused" = "KeyUsage"."Refused" + excluded."Refused"
                """, cancellationToken);
        }
        else if (db is SqlServerApiKeysDbContext)
        {
            foreach (var u in batch)
            {
                await database.ExecuteSqlAsync($"""
                    MERGE "KeyUsage" WITH (HOLDLOCK) AS t
                    USING (SELECT {u.KeyId} AS "KeyId", {u.Hour} AS "Hour", {u.Accepted} AS "Accepted", {u.Refused} AS "Refused"
                           WHERE EXISTS (SELECT 1 FROM "AuthenticationKeys" WHERE "Id" = {u.KeyId})) AS s
                    ON t."KeyId" = s."KeyId" AND t."Hour" = s."Hour"
                    WHEN MATCHED THEN UPDATE SET "Accepted" = t."Accepted" + s."Accepted", "Refused" = t."Refused" + s."Refused"
                    WHEN NOT MATCHED THEN INSERT ("KeyId", "Hour", "Accepted", "Refused") VALUES (s."KeyId", s."Hour", s."Accepted", s."Refused");
                    """, cancellationToken);
            }
        }
        else
        {
            foreach (var u in batch)
            {
                await database.ExecuteSqlAsync($"""
                    INSERT INTO "KeyUsage" ("KeyId", "Hour", "Accepted", "Refused")
                    SELECT {u.KeyId}, {u.Hour}, {u.Accepted}, {u.Refused}
                    WHERE EXISTS (SELECT 1 FROM "AuthenticationKeys" WHERE "Id" = {u.KeyId})
                    ON CONFLICT ("KeyId", "Hour") DO UPDATE
                    SET "Accepted" = "Accepted" + excluded."Accepted", "Refused" = "Refused" + excluded."Refused"
                    """, cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
    }
}
