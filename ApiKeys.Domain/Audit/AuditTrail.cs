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
        var entries = Filtered(db, query);
        var total = await entries.CountAsync(cancellationToken);
        var items = await entries.Skip(Math.Max(0, query.Page) * query.PageSize).Take(query.PageSize).ToListAsync(cancellationToken);
        return new AuditPage(items, total);
    }

    /// <summary>Every entry the query's filters match, newest first, read as it is written out (an export), up to <paramref name="limit"/>.</summary>
    public async IAsyncEnumerable<AuditEntry> ReadAllAsync(AuditQuery query, int limit, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        await foreach (var entry in Filtered(db, query).Take(limit).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            yield return entry;
        }
    }

    /// <summary>
    /// The entries the query's filters match, newest first. An action that ends in "." or "-" is a group (<c>key.</c>:
    /// every key action); actor and target match any part.
    /// </summary>
    private static IQueryable<AuditEntry> Filtered(ApiKeysDbContext db, AuditQuery query)
    {
        var entries = db.AuditEntries.AsNoTracking();
        if (query.Action is { Length: > 0 } action)
        {
            entries = action.EndsWith('.') || action.EndsWith('-') ? entries.Where(e => e.Action.StartsWith(action)) : entries.Where(e => e.Action == action);
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

        return entries.OrderByDescending(e => e.At).ThenByDescending(e => e.Id);
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}
