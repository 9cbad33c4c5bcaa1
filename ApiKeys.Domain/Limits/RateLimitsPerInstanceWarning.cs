using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ApiKeys.Domain.Limits;

/// <summary>
/// On a server database without Redis, several instances may run, and each counts the keys' rate limits on its own:
/// said once at start-up, in one line. (Quotas are exact on any database: they are spent there.)
/// </summary>
internal sealed partial class RateLimitsPerInstanceWarning(ILogger<RateLimitsPerInstanceWarning> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        LogPerInstance(logger);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Keys' rate limits are counted by each instance on its own: with several instances, set ConnectionStrings:Redis to count them together (quotas are exact without it).")]
    private static partial void LogPerInstance(ILogger logger);
}
