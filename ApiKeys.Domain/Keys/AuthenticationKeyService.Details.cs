using ApiKeys.Domain.Usage;
using Microsoft.EntityFrameworkCore;

namespace ApiKeys.Domain.Keys;

public sealed partial class AuthenticationKeyService
{
    /// <summary>How many of the key's audit entries the details show.</summary>
    public const int TrailLength = 50;

    public async Task<KeyDetails?> DetailsAsync(Guid id, int days, CancellationToken cancellationToken)
    {
        days = Math.Clamp(days, 1, KeyUsageReport.MaxDays);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        var keys = db.AuthenticationKeys.AsNoTracking().Where(k => k.Id == id);
        if ((await RowsAsync(db, keys, now, cancellationToken)).FirstOrDefault() is not { } row)
        {
            return null;
        }

        var last = await keys.Select(k => new { k.LastClientAddress, k.LastUserAgent }).FirstAsync(cancellationToken);
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var first = today.AddDays(1 - days);
        var fromHour = KeyUsageHours.Of(new DateTimeOffset(first.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
        var hours = await db.KeyUsage.AsNoTracking()
            .Where(u => u.KeyId == id && u.Hour >= fromHour)
            .ToListAsync(cancellationToken);
        var byDay = hours
            .GroupBy(h => DateOnly.FromDateTime(KeyUsageHours.Start(h.Hour).UtcDateTime))
            .ToDictionary(g => g.Key, g => new KeyUsageDay(g.Key, g.Sum(h => h.Accepted), g.Sum(h => h.Refused), g.Aggregate(default(RefusalCounts), (sum, h) => sum + h.Reasons)));
        var usage = new KeyUsageReport(
            [.. Enumerable.Range(0, days).Select(i => first.AddDays(i)).Select(day => byDay.TryGetValue(day, out var d) ? d : new KeyUsageDay(day, 0, 0))],
            row.LastUsedAt, last.LastClientAddress, last.LastUserAgent);

        // The key's own entries name its token first; the roll that created it names it in the details of the old key's entry.
        var trail = await db.AuditEntries.AsNoTracking()
            .Where(e => e.Target.StartsWith(row.Token))
            .OrderByDescending(e => e.At).ThenByDescending(e => e.Id)
            .Take(TrailLength)
            .ToListAsync(cancellationToken);
        return new KeyDetails(row, usage, trail);
    }
}
