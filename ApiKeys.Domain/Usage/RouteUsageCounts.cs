using System.Collections.Concurrent;
using ApiKeys.Domain.Storage;
using Microsoft.EntityFrameworkCore;

namespace ApiKeys.Domain.Usage;

/// <summary>
/// The gateway routes' calls per hour, counted in memory beside the keys' and written with them (one upsert per route
/// and hour: a handful per batch). A failed write puts its counts back for the next batch.
/// </summary>
internal sealed class RouteUsageCounts
{
    private sealed class Counts
    {
        public long Accepted;
        public long Refused;
    }

    private readonly ConcurrentDictionary<(string Route, long Hour), Counts> _counts = new();

    public void Add(string route, long hour, bool accepted)
    {
        var counts = _counts.GetOrAdd((route, hour), static _ => new Counts());
        Interlocked.Increment(ref accepted ? ref counts.Accepted : ref counts.Refused);
    }

    public async Task WriteAsync(IDbContextFactory<ApiKeysDbContext> databases, long currentHour, CancellationToken cancellationToken)
    {
        var batch = new List<RouteUsageHour>();
        foreach (var (key, counts) in _counts)
        {
            var accepted = Interlocked.Exchange(ref counts.Accepted, 0);
            var refused = Interlocked.Exchange(ref counts.Refused, 0);
            if (accepted + refused > 0)
            {
                batch.Add(new RouteUsageHour { Route = key.Route, Hour = key.Hour, Accepted = accepted, Refused = refused });
            }
            else if (key.Hour < currentHour - 1)
            {
                _counts.TryRemove(key, out _);
            }
        }

        if (batch.Count == 0)
        {
            return;
        }

        batch.Sort((a, b) => a.Route != b.Route ? string.CompareOrdinal(a.Route, b.Route) : a.Hour.CompareTo(b.Hour)); // one order: no deadlocks
        try
        {
            await using var db = await databases.CreateDbContextAsync(cancellationToken);
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
        catch
        {
            foreach (var u in batch)
            {
                var counts = _counts.GetOrAdd((u.Route, u.Hour), static _ => new Counts());
                Interlocked.Add(ref counts.Accepted, u.Accepted);
                Interlocked.Add(ref counts.Refused, u.Refused);
            }

            throw;
        }
    }
}
