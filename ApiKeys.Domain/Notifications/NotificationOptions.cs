using MailKit.Security;

namespace ApiKeys.Domain.Notifications;

/// <summary>The SMTP server notices are sent through, bound from <c>Notifications:Smtp</c>; no host, no notices.</summary>
public sealed class SmtpOptions
{
    public const string Section = "Notifications:Smtp";

    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    /// <summary>MailKit's <see cref="SecureSocketOptions"/>: <c>Auto</c>, <c>None</c>, <c>SslOnConnect</c>, <c>StartTls</c> or <c>StartTlsWhenAvailable</c>.</summary>
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.Auto;

    public string? UserName { get; set; }

    public string? Password { get; set; }

    /// <summary>The sender's address, such as <c>apikeys@example.com</c>.</summary>
    public string From { get; set; } = "";

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);
}

/// <summary>The daily expiry notice, bound from <c>Notifications:ExpiryNotice</c>.</summary>
public sealed class ExpiryNoticeOptions
{
    public const string Section = "Notifications:ExpiryNotice";

    /// <summary>When the notice goes out each day, in UTC.</summary>
    public TimeSpan TimeOfDay { get; set; } = TimeSpan.FromHours(7);

    /// <summary>The notice's language: <c>en</c> or <c>ru</c>.</summary>
    public string Language { get; set; } = "en";

    /// <summary>The admin's address as administrators open it, such as <c>https://keys.example.com</c>, for a link in the notice; optional.</summary>
    public string? AdminAddress { get; set; }

    /// <summary>How long to wait before trying again when the SMTP server or the database failed.</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromMinutes(15);
}
