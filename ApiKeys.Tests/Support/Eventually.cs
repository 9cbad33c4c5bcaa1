using System.Diagnostics;

namespace ApiKeys.Tests.Support;

/// <summary>
/// Waiting for what happens off the request path (a batch written, a change pushed, a server up): one probe, asked again
/// every <c>every</c> until its answer will do or <c>within</c> has passed. The last answer is returned either way, so the
/// test's own assertion says what was wrong.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultWithin = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan DefaultEvery = TimeSpan.FromMilliseconds(100);

    /// <summary>The probe's first answer that <paramref name="done"/> accepts, or its last one; and how long that took.</summary>
    public static async Task<(T Value, TimeSpan Elapsed)> TimedAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan? within = null, TimeSpan? every = null)
    {
        var stopwatch = Stopwatch.StartNew();
        while (true)
        {
            var value = await probe();
            if (done(value) || stopwatch.Elapsed > (within ?? DefaultWithin))
            {
                return (value, stopwatch.Elapsed);
            }

            await Task.Delay(every ?? DefaultEvery);
        }
    }

    /// <summary>The probe's first answer that <paramref name="done"/> accepts, or its last one.</summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan? within = null, TimeSpan? every = null) =>
        (await TimedAsync(probe, done, within, every)).Value;

    /// <summary>Whether the condition held before the time was up.</summary>
    public static Task<bool> TrueAsync(Func<Task<bool>> condition, TimeSpan? within = null, TimeSpan? every = null) =>
        UntilAsync(condition, held => held, within, every);

    /// <summary>The call's answer, asked again while it fails in a way that passes (a connection being replaced); past the time, its failure.</summary>
    public static async Task<T> RetryingAsync<T>(Func<Task<T>> call, Func<Exception, bool> passing, TimeSpan? within = null, TimeSpan? every = null)
    {
        var stopwatch = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return await call();
            }
            catch (Exception exception) when (passing(exception) && stopwatch.Elapsed < (within ?? DefaultWithin))
            {
                await Task.Delay(every ?? DefaultEvery);
            }
        }
    }
}
