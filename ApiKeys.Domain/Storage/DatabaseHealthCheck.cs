using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ApiKeys.Domain.Storage;

/// <summary>
/// Healthy when the database answers, every migration is applied and, on SQLite, the file is still the one the app
/// opened and can be written (a read-only file or mount fails every change while reads still work); says nothing else.
/// </summary>
public sealed class DatabaseHealthCheck(IDbContextFactory<ApiKeysDbContext> databases, SqliteDatabaseFile? file = null) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            file?.Check();
            if (file is not null && !CanWrite(file.Path))
            {
                return HealthCheckResult.Unhealthy();
            }

            await using var db = await databases.CreateDbContextAsync(cancellationToken);
            if (!await db.Database.CanConnectAsync(cancellationToken))
            {
                return HealthCheckResult.Unhealthy();
            }

            return (await db.Database.GetPendingMigrationsAsync(cancellationToken)).Any() ? HealthCheckResult.Unhealthy() : HealthCheckResult.Healthy();
        }
        catch (Exception exception) when (DatabaseUnavailable.IsCause(exception))
        {
            return HealthCheckResult.Unhealthy();
        }
    }

    /// <summary>Whether the file and its write-ahead log open for writing; writes nothing.</summary>
    private static bool CanWrite(string path)
    {
        foreach (var part in new[] { path, $"{path}-wal" })
        {
            try
            {
                if (File.Exists(part))
                {
                    using var stream = new FileStream(part, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
                }
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                return false;
            }
        }

        return true;
    }
}
