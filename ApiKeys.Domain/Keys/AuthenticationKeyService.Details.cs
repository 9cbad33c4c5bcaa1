using ApiKeys.Domain.Usage;
using Microsoft.EntityFrameworkCore;

namespace ApiKeys.Domain.Keys;

public sealed partial class AuthenticationKeyService
{
    /// <summary>How many of the key's audit entries the details show.</summary>
    public const int TrailLength = 50;

    public async Task<KeyDetails?> DetailsAsync(Guid id, int days, TimeZoneInfo zone, CancellationToken cancellationToken)
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
        // The counts are kept per UTC hour; each hour goes to the zone's day it starts in.
        var today = DayIn(now, zone);
        var first = today.AddDays(1 - days);
        var midnight = first.ToDateTime(TimeOnly.MinValue);
        var fromHour = KeyUsageHours.Of(new DateTimeOffset(midnight, zone.GetUtcOffset(midnight)));
        var hours = await db.KeyUsage.AsNoTracking()
            .Where(u => u.KeyId == id && u.Hour >= fromHour)
            .ToListAsync(cancellationToken);
        var byDay = hours
            .GroupBy(h => DayIn(KeyUsageHours.Start(h.Hour), zone))
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

    private static DateOnly DayIn(DateTimeOffset instant, TimeZoneInfo zone) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, zone).DateTime);
}
