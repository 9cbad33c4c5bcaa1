using System.Threading.Channels;
using ApiKeys.Domain.Storage;
using Microsoft.EntityFrameworkCore;

namespace ApiKeys.Domain.Hmac;

/// <summary>
/// Replay protection shared by every instance on the database, with group commit: the nonces of concurrent requests
/// wait while the statement before them runs, then go in together as one parameterised insert that skips the ones
/// the table already holds and tells which it took (<see cref="NonceBatchStatement"/>). Under load a statement carries
/// many nonces; alone, a request waits for one round trip. No change tracking, no transaction of its own. A database
/// error fails every request of its batch, and the caller answers 503: a nonce is never taken as new without the
/// database's word. Expired nonces are swept by <see cref="UsedNonceSweeper"/>, off the request path.
/// </summary>
public sealed class DatabaseReplayStore : IReplayStore, IAsyncDisposable
{
    /// <summary>The most nonces one statement carries (SQL Server takes 2,100 parameters and 1,000 rows).</summary>
    public const int MaxBatch = 500;

    private readonly IDbContextFactory<ApiKeysDbContext> _databases;
    private readonly NonceBatchStatement _statement;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _writer;

    public DatabaseReplayStore(IDbContextFactory<ApiKeysDbContext> databases, DatabaseProvider provider)
    {
        _databases = databases;
        _statement = NonceBatchStatement.For(provider);
        _writer = Task.Run(WriteAsync);
    }

    /// <summary>How many statements have been run, for tests and the performance notes.</summary>
    public long Statements => Interlocked.Read(ref _statements);

    private long _statements;

    public ValueTask<bool> TryRememberAsync(string token, string nonce, DateTimeOffset rememberUntil, CancellationToken cancellationToken)
    {
        var pending = new Pending(ReplayFingerprint.Of(token, nonce), rememberUntil);
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(DatabaseReplayStore));
        }

        return new ValueTask<bool>(pending.Completion.Task.WaitAsync(cancellationToken));
    }

    private async Task WriteAsync()
    {
        var batch = new List<Pending>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }

            try
            {
                // One batch may hold a nonce twice (a replay racing its original): only the first can be new.
                var distinct = batch.DistinctBy(p => (p.RememberUntil, p.Fingerprint)).ToList();
                await using var db = await _databases.CreateDbContextAsync();
                var inserted = await _statement.InsertAsync(db, distinct);
                Interlocked.Increment(ref _statements);
                foreach (var pending in batch)
                {
                    pending.Completion.TrySetResult(inserted.Remove((pending.RememberUntil, pending.Fingerprint)));
                }
            }
            catch (Exception exception)
            {
                foreach (var pending in batch)
                {
                    pending.Completion.TrySetException(exception);
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writer;
    }

    internal sealed class Pending(UInt128 fingerprint, DateTimeOffset rememberUntil)
    {
        public UInt128 Fingerprint { get; } = fingerprint;

        /// <summary>Kept to the second, the same on every database.</summary>
        public DateTimeOffset RememberUntil { get; } = DateTimeOffset.FromUnixTimeSeconds(rememberUntil.ToUnixTimeSeconds());

        public TaskCompletionSource<bool> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
