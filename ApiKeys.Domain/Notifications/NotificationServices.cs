using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace ApiKeys.Domain.Notifications;

/// <summary>The daily expiry notice by e-mail; its scheduler stays idle unless an SMTP host is configured.</summary>
public static class NotificationServices
{
    public static IServiceCollection AddExpiryNotices(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSettings<SmtpOptions, SmtpOptionsValidator>(SmtpOptions.Section, configuration);
        services.AddSettings<ExpiryNoticeOptions, ExpiryNoticeOptionsValidator>(ExpiryNoticeOptions.Section, configuration);
        services.AddScoped<ExpiryNotices>();
        services.AddHostedService<ExpiryNoticeScheduler>();
        return services;
    }
}
