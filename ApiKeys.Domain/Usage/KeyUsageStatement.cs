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
            long[] signature = [.. batch.Select(u => u.RefusedSignature)], replay = [.. batch.Select(u => u.RefusedReplay)];
            long[] scope = [.. batch.Select(u => u.RefusedScope)], address = [.. batch.Select(u => u.RefusedAddress)];
            long[] rate = [.. batch.Select(u => u.RefusedRate)], quota = [.. batch.Select(u => u.RefusedQuota)];
            await database.ExecuteSqlAsync($"""
                INSERT INTO "KeyUsage" ("KeyId", "Hour", "Accepted", "Refused", "RefusedSignature", "RefusedReplay", "RefusedScope", "RefusedAddress", "RefusedRate", "RefusedQuota")
                SELECT u.k, u.h, u.a, u.r, u.rs, u.rr, u.rc, u.ra, u.rl, u.rq
                FROM unnest({keys}, {hours}, {accepted}, {refused}, {signature}, {replay}, {scope}, {address}, {rate}, {quota}) AS u(k, h, a, r, rs, rr, rc, ra, rl, rq)
                WHERE EXISTS (SELECT 1 FROM "AuthenticationKeys" WHERE "Id" = u.k)
                ON CONFLICT ("KeyId", "Hour") DO UPDATE
                SET "Accepted" = "KeyUsage"."Accepted" + excluded."Accepted", "Refused" = "KeyUsage"."Refused" + excluded."Refused", "RefusedSignature" = "KeyUsage"."RefusedSignature" + excluded."RefusedSignature", "RefusedReplay" = "KeyUsage"."RefusedReplay" + excluded."RefusedReplay", "RefusedScope" = "KeyUsage"."RefusedScope" + excluded."RefusedScope", "RefusedAddress" = "KeyUsage"."RefusedAddress" + excluded."RefusedAddress", "RefusedRate" = "KeyUsage"."RefusedRate" + excluded."RefusedRate", "RefusedQuota" = "KeyUsage"."RefusedQuota" + excluded."RefusedQuota"
                """, cancellationToken);
        }
        else if (db is SqlServerApiKeysDbContext)
        {
            foreach (var u in batch)
            {
                await database.ExecuteSqlAsync($"""
                    MERGE "KeyUsage" WITH (HOLDLOCK) AS t
                    USING (SELECT {u.KeyId} AS "KeyId", {u.Hour} AS "Hour", {u.Accepted} AS "Accepted", {u.Refused} AS "Refused",
                                  {u.RefusedSignature} AS "RefusedSignature", {u.RefusedReplay} AS "RefusedReplay", {u.RefusedScope} AS "RefusedScope",
                                  {u.RefusedAddress} AS "RefusedAddress", {u.RefusedRate} AS "RefusedRate", {u.RefusedQuota} AS "RefusedQuota"
                           WHERE EXISTS (SELECT 1 FROM "AuthenticationKeys" WHERE "Id" = {u.KeyId})) AS s
                    ON t."KeyId" = s."KeyId" AND t."Hour" = s."Hour"
                    WHEN MATCHED THEN UPDATE SET "Accepted" = t."Accepted" + s."Accepted", "Refused" = t."Refused" + s."Refused", "RefusedSignature" = t."RefusedSignature" + s."RefusedSignature", "RefusedReplay" = t."RefusedReplay" + s."RefusedReplay", "RefusedScope" = t."RefusedScope" + s."RefusedScope", "RefusedAddress" = t."RefusedAddress" + s."RefusedAddress", "RefusedRate" = t."RefusedRate" + s."RefusedRate", "RefusedQuota" = t."RefusedQuota" + s."RefusedQuota"
                    WHEN NOT MATCHED THEN INSERT ("KeyId", "Hour", "Accepted", "Refused", "RefusedSignature", "RefusedReplay", "RefusedScope", "RefusedAddress", "RefusedRate", "RefusedQuota") VALUES (s."KeyId", s."Hour", s."Accepted", s."Refused", s."RefusedSignature", s."RefusedReplay", s."RefusedScope", s."RefusedAddress", s."RefusedRate", s."RefusedQuota");
                    """, cancellationToken);
            }
        }
        else
        {
            foreach (var u in batch)
            {
                await database.ExecuteSqlAsync($"""
                    INSERT INTO "KeyUsage" ("KeyId", "Hour", "Accepted", "Refused", "RefusedSignature", "RefusedReplay", "RefusedScope", "RefusedAddress", "RefusedRate", "RefusedQuota")
                    SELECT {u.KeyId}, {u.Hour}, {u.Accepted}, {u.Refused}, {u.RefusedSignature}, {u.RefusedReplay}, {u.RefusedScope}, {u.RefusedAddress}, {u.RefusedRate}, {u.RefusedQuota}
                    WHERE EXISTS (SELECT 1 FROM "AuthenticationKeys" WHERE "Id" = {u.KeyId})
                    ON CONFLICT ("KeyId", "Hour") DO UPDATE
                    SET "Accepted" = "Accepted" + excluded."Accepted", "Refused" = "Refused" + excluded."Refused", "RefusedSignature" = "RefusedSignature" + excluded."RefusedSignature", "RefusedReplay" = "RefusedReplay" + excluded."RefusedReplay", "RefusedScope" = "RefusedScope" + excluded."RefusedScope", "RefusedAddress" = "RefusedAddress" + excluded."RefusedAddress", "RefusedRate" = "RefusedRate" + excluded."RefusedRate", "RefusedQuota" = "RefusedQuota" + excluded."RefusedQuota"
                    """, cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
    }
}
