using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace ApiKeys.Domain.Notifications;

/// <summary>The daily expiry notice, bound from <c>Notifications:ExpiryNotice</c>.</summary>
public sealed class ExpiryNoticeOptions
{
    public const string Section = "Notifications:ExpiryNotice";

    /// <summary>When the notice goes out each day, in UTC.</summary>
    [SettingRange(typeof(TimeSpan), "00:00:00", "23:59:59.9999999", ErrorMessage = "must be a time of day in UTC, such as 07:00:00")]
    public TimeSpan TimeOfDay { get; set; } = TimeSpan.FromHours(7);

    /// <summary>The notice's language: <c>en</c> or <c>ru</c>.</summary>
    [AllowedValues("en", "ru", ErrorMessage = "must be en or ru")]
    public string Language { get; set; } = "en";

    /// <summary>The admin's address as administrators open it, such as <c>https://keys.example.com</c>, for a link in the notice; optional.</summary>
    public string? AdminAddress { get; set; }

    /// <summary>How long to wait before trying again when the SMTP server or the database failed.</summary>
    [SettingRange(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "must be at least 00:00:01")]
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromMinutes(15);
}

/// <summary>Checks <see cref="ExpiryNoticeOptions"/> by its annotations at start-up.</summary>
[OptionsValidator]
internal sealed partial class ExpiryNoticeOptionsValidator : IValidateOptions<ExpiryNoticeOptions>;
