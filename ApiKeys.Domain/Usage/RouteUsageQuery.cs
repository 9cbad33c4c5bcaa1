using ApiKeys.Domain.Storage;
using Microsoft.EntityFrameworkCore;

namespace ApiKeys.Domain.Usage;

/// <summary>The gateway routes' calls so far today (UTC), as every instance has written them.</summary>
public sealed class RouteUsageQuery(IDbContextFactory<ApiKeysDbContext> databases, TimeProvider time)
{
    public async Task<IReadOnlyDictionary<string, (long Accepted, long Refused)>> TodayAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var midnight = KeyUsageHours.Of(new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero));
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var rows = await db.RouteUsage.AsNoTracking().Where(u => u.Hour >= midnight)
            .GroupBy(u => u.Route)
            .Select(g => new { Route = g.Key, Accepted = g.Sum(u => u.Accepted), Refused = g.Sum(u => u.Refused) })
            .ToListAsync(cancellationToken);
        return rows.ToDictionary(r => r.Route, r => (r.Accepted, r.Refused), StringComparer.Ordinal);
    }
}
