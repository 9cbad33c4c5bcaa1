using ApiKeys.Domain.Metrics;
using ApiKeys.Domain.Storage;
using Microsoft.EntityFrameworkCore;

namespace ApiKeys.Domain.Hmac;

/// <summary>
/// Replay protection shared by every instance on the database. Each batch of concurrent requests' nonces is one
/// parameterised insert that skips the ones the table already holds and tells which it took
/// (<see cref="NonceBatchStatement"/>), on a connection of the store's own; no change tracking. Expired nonces are
/// swept by <see cref="UsedNonceSweeper"/>, off the request path.
/// </summary>
public sealed class DatabaseReplayStore : GroupCommitReplayStore
{
    private readonly NonceBatchStatement _statement;
    private readonly SqliteDatabaseFile? _file;

    protected override string StoreName => "database";

    public DatabaseReplayStore(
        IDbContextFactory<ApiKeysDbContext> databases, DatabaseProvider provider, TimeSpan window, TimeProvider time, SqliteDatabaseFile? file = null, ApiKeysMetrics? metrics = null)
        : base(window, metrics)
    {
        _file = file;
        using var db = databases.CreateDbContext();
        _statement = NonceBatchStatement.For(provider, db.Database.GetConnectionString()!, time);
    }

    protected override async Task WriteAsync(IReadOnlyList<Pending> batch)
    {
        _file?.Check(); // the statement's own connection is not the contexts', so it checks the file itself

        // One batch may hold a nonce twice (a replay racing its original): only the first can be new.
        var (inserted, since) = await _statement.InsertAsync([.. batch.DistinctBy(p => (p.RememberUntil, p.Fingerprint))]);
        if (since is { } seconds)
        {
            RememberingSince(seconds);
        }

        foreach (var pending in batch)
        {
            pending.Completion.TrySetResult(inserted.Remove((pending.RememberUntil, pending.Fingerprint)));
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _statement.DisposeAsync();
    }
}
