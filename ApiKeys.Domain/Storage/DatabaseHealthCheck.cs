using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ApiKeys.Domain.Storage;

/// <summary>Healthy when the database answers and every migration is applied; says nothing else.</summary>
public sealed class DatabaseHealthCheck(IDbContextFactory<ApiKeysDbContext> databases) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
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
}
