using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ApiKeys.Domain.Notifications;

/// <summary>
/// Sends the expiry notice once a day at <see cref="ExpiryNoticeOptions.TimeOfDay"/> (UTC), and at start-up when that
/// time has passed today and the day's notice has not gone out (so a restart loses no day). A failure is tried again
/// after <see cref="ExpiryNoticeOptions.RetryAfter"/> until the day ends. Off unless an SMTP host is configured.
/// </summary>
public sealed partial class ExpiryNoticeScheduler(
    IServiceScopeFactory scopes,
    IOptions<SmtpOptions> smtp,
    IOptions<ExpiryNoticeOptions> options,
    TimeProvider time,
    ILogger<ExpiryNoticeScheduler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!smtp.Value.IsConfigured)
        {
            LogOff(logger);
            return;
        }

        var day = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        while (!stoppingToken.IsCancellationRequested)
        {
            var due = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) + options.Value.TimeOfDay;
            if (due > time.GetUtcNow())
            {
                await Task.Delay(due - time.GetUtcNow(), time, stoppingToken);
            }

            await SendForAsync(day, stoppingToken);
            day = day.AddDays(1);
        }
    }

    private async Task SendForAsync(DateOnly day, CancellationToken stoppingToken)
    {
        while (DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime) == day)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var outcome = await scope.ServiceProvider.GetRequiredService<ExpiryNotices>().SendAsync(day, again: false, stoppingToken);
                LogOutcome(logger, day, outcome);
                return;
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                LogFailed(logger, exception, day, options.Value.RetryAfter);
                await Task.Delay(options.Value.RetryAfter, time, stoppingToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Expiry notices are off: no SMTP server is configured (Notifications:Smtp:Host).")]
    private static partial void LogOff(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Expiry notice for {Day}: {Outcome}.")]
    private static partial void LogOutcome(ILogger logger, DateOnly day, ExpiryNoticeOutcome outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The expiry notice for {Day} could not be sent; trying again in {RetryAfter}.")]
    private static partial void LogFailed(ILogger logger, Exception exception, DateOnly day, TimeSpan retryAfter);
}
