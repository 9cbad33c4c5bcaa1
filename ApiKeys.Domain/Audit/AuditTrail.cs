using ApiKeys.Domain.Storage;
using Microsoft.EntityFrameworkCore;

namespace ApiKeys.Domain.Audit;

/// <summary>Writes and reads the audit log. <see cref="Entry"/> makes an entry to save with a change, in its transaction.</summary>
public sealed class AuditTrail(IDbContextFactory<ApiKeysDbContext> databases, ICurrentActor actor, TimeProvider time)
{
    public AuditEntry Entry(string action, string target, string? details = null, string? actorName = null) => new()
    {
        Id = Guid.CreateVersion7(time.GetUtcNow()),
        At = time.GetUtcNow(),
        Actor = Truncate(actorName ?? actor.Name, 256),
        Action = action,
        Target = Truncate(target, 256),
        ClientAddress = actor.ClientAddress,
        Details = details is null ? null : Truncate(details, 1000),
    };

    public async Task RecordAsync(string action, string target, string? details = null, string? actorName = null, CancellationToken cancellationToken = default)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        db.AuditEntries.Add(Entry(action, target, details, actorName));
        await db.SaveChangesAsync(cancellationToken);
    }

    public async Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var entries = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.Action))
        {
            entries = entries.Where(e => e.Action == query.Action);
        }

        if (!string.IsNullOrWhiteSpace(query.Actor))
        {
            entries = entries.Where(e => e.Actor.Contains(query.Actor.Trim()));
        }

        if (!string.IsNullOrWhiteSpace(query.Target))
        {
            entries = entries.Where(e => e.Target.Contains(query.Target.Trim()));
        }

        if (query.From is { } from)
        {
            entries = entries.Where(e => e.At >= from);
        }

        if (query.To is { } to)
        {
            entries = entries.Where(e => e.At < to);
        }

        var total = await entries.CountAsync(cancellationToken);
        var items = await entries.OrderByDescending(e => e.At).ThenByDescending(e => e.Id)
            .Skip(Math.Max(0, query.Page) * query.PageSize).Take(query.PageSize)
            .ToListAsync(cancellationToken);
        return new AuditPage(items, total);
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}
