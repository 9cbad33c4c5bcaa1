using ApiKeys.Domain.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ApiKeys.Domain.Hmac;

/// <summary>
/// Forgets expired nonces of the database replay store every ten seconds, a few thousand rows per statement, so no
/// statement holds the table (on SQLite, the whole database) for long; requests never wait for it.
/// </summary>
public sealed partial class UsedNonceSweeper(
    IDbContextFactory<ApiKeysDbContext> databases,
    TimeProvider time,
    ILogger<UsedNonceSweeper> logger) : BackgroundService
{
    public const int RowsPerStatement = 5_000;

    /// <summary>Deletes every nonce remembered until before now; returns how many.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var swept = 0;
        int deleted;
        do
        {
            await using var db = await databases.CreateDbContextAsync(cancellationToken);
            deleted = await db.UsedNonces
                .Where(n => n.RememberUntil < now)
                .OrderBy(n => n.RememberUntil)
                .Take(RowsPerStatement)
                .ExecuteDeleteAsync(cancellationToken);
            swept += deleted;
        }
        while (deleted == RowsPerStatement);

        return swept;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(10), time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                LogSweepFailed(logger, exception);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not forget expired nonces; will try again.")]
    private static partial void LogSweepFailed(ILogger logger, Exception exception);
}
