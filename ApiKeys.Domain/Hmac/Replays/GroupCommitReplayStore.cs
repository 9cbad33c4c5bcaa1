using System.Threading.Channels;
using ApiKeys.Domain.Metrics;

namespace ApiKeys.Domain.Hmac;

/// <summary>
/// Group commit for a shared replay store: the nonces of concurrent requests wait while a write runs (and, with
/// <see cref="HmacOptions.ReplayBatchWindow"/>, a moment longer), then go to the store together, in one statement or
/// one pipelined burst: the store pays its round trip, its statement and its system calls once per batch, not once per
/// request. Alone, a request waits for one round trip. One writer at a time: a second, measured, made batches smaller
/// and dearer than the wait it spared. The writer completes its requests on its own thread, sparing each a hop through
/// the thread pool. A failed write
/// fails every request of its batch, and the caller answers 503: a nonce is never taken as new without the store's word.
/// </summary>
public abstract class GroupCommitReplayStore : IReplayStore, IAsyncDisposable
{
    /// <summary>The most nonces one write carries (SQL Server takes 2,100 parameters and 1,000 rows).</summary>
    public const int MaxBatch = 500;

    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly TimeSpan _window;
    private readonly ApiKeysMetrics? _metrics;
    private Task? _writer;
    private long _writes;
    private long _nonces;
    private long _remembersSinceSeconds = long.MinValue;

    protected GroupCommitReplayStore(TimeSpan window, ApiKeysMetrics? metrics) => (_window, _metrics) = (window, metrics);

    /// <summary>The store's name in <c>apikeys.replay_store.errors</c>: <c>database</c> or <c>redis</c>.</summary>
    protected abstract string StoreName { get; }

    /// <summary>How many writes have been made, and for how many nonces: for tests and the performance notes.</summary>
    public (long Writes, long Nonces) Batches => (Interlocked.Read(ref _writes), Interlocked.Read(ref _nonces));

    /// <summary>
    /// From when the shared store holds every nonce, as its last write found: null until a store that can lose its
    /// memory (Redis restarted empty, PostgreSQL's unlogged table after a crash) says otherwise.
    /// </summary>
    public DateTimeOffset? RemembersSince =>
        Interlocked.Read(ref _remembersSinceSeconds) is var seconds && seconds == long.MinValue ? null : DateTimeOffset.FromUnixTimeSeconds(seconds);

    public ValueTask<bool> TryRememberAsync(string token, string nonce, DateTimeOffset rememberUntil, CancellationToken cancellationToken)
    {
        var pending = new Pending(ReplayFingerprint.Of(token, nonce), rememberUntil);
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(GetType().Name);
        }

        _writer ??= StartWriter();
        return new ValueTask<bool>(pending.Completion.Task); // not cancelled: the batch completes it, or fails it, soon
    }

    /// <summary>What the store said of its memory, set before a batch's requests are completed, so they read it.</summary>
    protected void RememberingSince(long unixSeconds) => Interlocked.Exchange(ref _remembersSinceSeconds, unixSeconds);

    /// <summary>Writes the batch and completes each nonce's <see cref="Pending.Completion"/> with whether it was new.</summary>
    protected abstract Task WriteAsync(IReadOnlyList<Pending> batch);

    public virtual async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        if (_writer is not null)
        {
            await _writer;
        }

        GC.SuppressFinalize(this);
    }

    private Task StartWriter()
    {
        lock (_queue)
        {
            return _writer ??= Task.Run(WriteLoopAsync);
        }
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<Pending>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync())
        {
            if (_window > TimeSpan.Zero)
            {
                await Task.Delay(_window);
            }

            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }

            Interlocked.Increment(ref _writes);
            Interlocked.Add(ref _nonces, batch.Count);
            _metrics?.ReplayStoreWrote(StoreName, batch.Count);
            try
            {
                await WriteAsync(batch);
            }
            catch (Exception exception)
            {
                _metrics?.ReplayStoreFailed(StoreName);
                foreach (var pending in batch)
                {
                    pending.Completion.TrySetException(exception);
                }
            }
        }
    }

    /// <summary>A nonce waiting for its batch.</summary>
    public sealed class Pending(UInt128 fingerprint, DateTimeOffset rememberUntil)
    {
        public UInt128 Fingerprint { get; } = fingerprint;

        /// <summary>Kept to the second, the same on every database.</summary>
        public DateTimeOffset RememberUntil { get; } = DateTimeOffset.FromUnixTimeSeconds(rememberUntil.ToUnixTimeSeconds());

        /// <summary>Completed by a writer, which then runs the request on until its next wait.</summary>
        public TaskCompletionSource<bool> Completion { get; } = new();
    }
}
