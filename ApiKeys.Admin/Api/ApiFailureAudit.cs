using System.Threading.Channels;
using ApiKeys.Admin.Security;
using ApiKeys.Domain.Audit;
using ApiKeys.Domain.Hmac;

namespace ApiKeys.Admin.Api;

/// <summary>
/// Records refused API calls in the audit log, off the request path and rate-limited: at most
/// <see cref="PerMinute"/> entries a minute, then one entry saying how many more were refused, so a flood cannot fill the disk.
/// </summary>
public sealed partial class ApiFailureAudit(IServiceScopeFactory scopes, TimeProvider time, ILogger<ApiFailureAudit> logger) : BackgroundService
{
    public const int PerMinute = 60;

    private readonly Channel<(string Action, string Target, string Details, string? Address)> _pending =
        Channel.CreateBounded<(string, string, string, string?)>(new BoundedChannelOptions(PerMinute) { FullMode = BoundedChannelFullMode.DropWrite });

    private readonly Lock _window = new();
    private long _windowStart;
    private int _recorded;
    private int _suppressed;

    public void Record(HttpContext http, HmacRejection rejection)
    {
        var now = time.GetUtcNow();
        int suppressedBefore;
        lock (_window)
        {
            var minute = now.UtcTicks / TimeSpan.TicksPerMinute;
            suppressedBefore = minute != _windowStart ? _suppressed : 0;
            if (minute != _windowStart)
            {
                (_windowStart, _recorded, _suppressed) = (minute, 0, 0);
            }

            if (_recorded >= PerMinute)
            {
                _suppressed++;
                return;
            }

            _recorded++;
        }

        var address = http.Connection.RemoteIpAddress?.ToString();
        if (suppressedBefore > 0)
        {
            _pending.Writer.TryWrite((AuditAction.ApiAuthenticationFailuresSuppressed, "/api", $"{suppressedBefore} more refused calls in the previous minute were not recorded one by one", null));
        }

        var details = AbuseLimits.KeyIdOf(http.Request) is { } key ? $"{rejection.Slug}, key {key}" : rejection.Slug;
        _pending.Writer.TryWrite((AuditAction.ApiAuthenticationFailed, $"{http.Request.Method} {http.Request.Path}", details, address));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var (action, target, details, address) in _pending.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var audit = scope.ServiceProvider.GetRequiredService<AuditTrail>();
                await audit.RecordAsync(action, target, details, actorName: address ?? "unknown client", cancellationToken: stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                LogWriteFailed(logger, exception);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not record a refused API call in the audit log.")]
    private static partial void LogWriteFailed(ILogger logger, Exception exception);
}
