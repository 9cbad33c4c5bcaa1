using ApiKeys.Domain.Storage;
using Microsoft.EntityFrameworkCore;

namespace ApiKeys.Domain.Usage;

/// <summary>Adds a batch of the gateway routes' hourly counts (a handful of rows), one upsert per row in one transaction.</summary>
internal static class RouteUsageStatement
{
    public static async Task AddAsync(ApiKeysDbContext db, IReadOnlyList<RouteUsageHour> batch, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var u in batch)
        {
            await (db is SqlServerApiKeysDbContext
                ? db.Database.ExecuteSqlAsync($"""
                    MERGE "RouteUsage" WITH (HOLDLOCK) AS t
                    USING (SELECT {u.Route} AS "Route", {u.Hour} AS "Hour", {u.Accepted} AS "Accepted", {u.Refused} AS "Refused") AS s
                    ON t."Route" = s."Route" AND t."Hour" = s."Hour"
                    WHEN MATCHED THEN UPDATE SET "Accepted" = t."Accepted" + s."Accepted", "Refused" = t."Refused" + s."Refused"
                    WHEN NOT MATCHED THEN INSERT ("Route", "Hour", "Accepted", "Refused") VALUES (s."Route", s."Hour", s."Accepted", s."Refused");
                    """, cancellationToken)
                : db.Database.ExecuteSqlAsync($"""
                    INSERT INTO "RouteUsage" ("Route", "Hour", "Accepted", "Refused") VALUES ({u.Route}, {u.Hour}, {u.Accepted}, {u.Refused})
                    ON CONFLICT ("Route", "Hour") DO UPDATE
                    SET "Accepted" = "RouteUsage"."Accepted" + excluded."Accepted", "Refused" = "RouteUsage"."Refused" + excluded."Refused"
                    """, cancellationToken));
        }

        await transaction.CommitAsync(cancellationToken);
    }
}
