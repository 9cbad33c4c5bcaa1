using System.ComponentModel.DataAnnotations;
using MailKit.Security;
using Microsoft.Extensions.Options;

namespace ApiKeys.Domain.Notifications;

/// <summary>The SMTP server notices are sent through, bound from <c>Notifications:Smtp</c>; no host, no notices.</summary>
public sealed class SmtpOptions : IValidatableObject
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

    /// <summary>Only a configured server is checked: without a host, notices are simply off.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IsConfigured)
        {
            yield break;
        }

        if (Port is < 1 or > 65535)
        {
            yield return new ValidationResult("must be a port number, 1 to 65535", [nameof(Port)]);
        }

        if (!MimeKit.MailboxAddress.TryParse(From, out _))
        {
            yield return new ValidationResult("must be the sender's address, such as apikeys@example.com", [nameof(From)]);
        }
    }
}

/// <summary>Checks <see cref="SmtpOptions"/> at start-up.</summary>
[OptionsValidator]
internal sealed partial class SmtpOptionsValidator : IValidateOptions<SmtpOptions>;
