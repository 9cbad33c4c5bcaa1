using ApiKeys.Domain.Storage;
using Microsoft.EntityFrameworkCore;

namespace ApiKeys.Domain.Hmac;

/// <summary>
/// Replay protection shared by every instance on the database: a nonce is accepted by whichever instance inserts it
/// first; the primary key refuses it everywhere else. Expired nonces are swept now and then.
/// </summary>
public sealed class DatabaseReplayStore(IDbContextFactory<ApiKeysDbContext> databases, TimeProvider time) : IReplayStore
{
    private long _nextSweepTicks;

    public async ValueTask<bool> TryRememberAsync(string token, string nonce, DateTimeOffset rememberUntil, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await SweepIfDueAsync(now, cancellationToken);
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        db.UsedNonces.Add(new UsedNonce { Token = token, Nonce = nonce, RememberUntil = rememberUntil });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            var seen = await db.UsedNonces.AsNoTracking()
                .Where(n => n.Token == token && n.Nonce == nonce)
                .Select(n => (DateTimeOffset?)n.RememberUntil)
                .FirstOrDefaultAsync(cancellationToken);
            if (seen is null)
            {
                throw; // not a duplicate: a real failure
            }

            return false;
        }
    }

    private async Task SweepIfDueAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var next = Interlocked.Read(ref _nextSweepTicks);
        if (now.UtcTicks < next || Interlocked.CompareExchange(ref _nextSweepTicks, now.AddMinutes(1).UtcTicks, next) != next)
        {
            return;
        }

        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        await db.UsedNonces.Where(n => n.RememberUntil < now).ExecuteDeleteAsync(cancellationToken);
    }
}
