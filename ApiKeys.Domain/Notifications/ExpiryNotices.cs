using System.Globalization;
using System.Text;
using ApiKeys.Domain.Accounts;
using ApiKeys.Domain.Audit;
using ApiKeys.Domain.Keys;
using ApiKeys.Domain.Storage;
using MailKit.Net.Smtp;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using MimeKit;

namespace ApiKeys.Domain.Notifications;

/// <summary>
/// The daily notice to System administrators, by e-mail over SMTP (MailKit), listing the keys that expire within
/// <see cref="AuthenticationKeyOptions.ExpiringSoonWindow"/> (not the disabled ones). A day is claimed in the database
/// before the mail goes out, so several instances send it once; a failed send gives the day back for a retry.
/// </summary>
public sealed class ExpiryNotices(
    IDbContextFactory<ApiKeysDbContext> databases,
    AuditTrail audit,
    IStringLocalizer<Messages> messages,
    TimeProvider time,
    IOptions<SmtpOptions> smtp,
    IOptions<ExpiryNoticeOptions> notice,
    IOptions<AuthenticationKeyOptions> keys)
{
    /// <summary>The most keys one notice lists; the rest are counted.</summary>
    public const int MaxListed = 200;

    public const string Actor = "ApiKeys (expiry notice)";

    /// <summary>Sends the notice for <paramref name="day"/>; <paramref name="again"/> sends it even when the day's notice went out already.</summary>
    public async Task<ExpiryNoticeOutcome> SendAsync(DateOnly day, bool again, CancellationToken cancellationToken)
    {
        if (!smtp.Value.IsConfigured)
        {
            return ExpiryNoticeOutcome.NotConfigured;
        }

        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        var soon = now + keys.Value.ExpiringSoonWindow;
        var expiring = db.AuthenticationKeys.AsNoTracking().Where(k => !k.IsDisabled && k.ExpiresAt > now && k.ExpiresAt <= soon);
        var count = await expiring.CountAsync(cancellationToken);
        if (count == 0)
        {
            return ExpiryNoticeOutcome.NothingExpiring;
        }

        var recipients = await db.Users.AsNoTracking()
            .Where(a => a.IsActive && a.Email != null && db.UserRoles.Any(m => m.UserId == a.Id && db.Roles.Any(r => r.Id == m.RoleId && r.Name == SystemRole.Administrators)))
            .OrderBy(a => a.Email)
            .Select(a => new MailboxAddress(a.DisplayName, a.Email!))
            .ToListAsync(cancellationToken);
        if (recipients.Count == 0)
        {
            return ExpiryNoticeOutcome.NoRecipients;
        }

        if (!again && !await ClaimAsync(db, day, now, cancellationToken))
        {
            return ExpiryNoticeOutcome.AlreadySent;
        }

        try
        {
            var listed = await expiring.OrderBy(k => k.ExpiresAt).ThenBy(k => k.NormalizedName).Take(MaxListed)
                .Select(k => new Listed(k.Name, k.Account!.DisplayName, k.Account.UserName ?? "", k.Token, k.ExpiresAt))
                .ToListAsync(cancellationToken);
            // One message each, so no administrator sees the others' addresses; all over one connection.
            await SendMailAsync([.. recipients.Select(recipient => Compose(recipient, listed, count))], cancellationToken);
        }
        catch when (!again)
        {
            await ReleaseAsync(day); // the day is given back, so a retry can send it
            throw;
        }

        db.AuditEntries.Add(audit.Entry(AuditAction.ExpiryNoticeSent, $"expiry notice {day:yyyy-MM-dd}",
            $"{count} key(s) to {string.Join(", ", recipients.Select(r => r.Address))}", Actor));
        await db.SaveChangesAsync(cancellationToken);
        return ExpiryNoticeOutcome.Sent;
    }

    private sealed record Listed(string Name, string DisplayName, string Login, string Token, DateTimeOffset ExpiresAt);

    private MimeMessage Compose(MailboxAddress recipient, List<Listed> listed, int count)
    {
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = new CultureInfo(notice.Value.Language);
        try
        {
            var days = (int)Math.Round(keys.Value.ExpiringSoonWindow.TotalDays);
            var body = new StringBuilder().AppendLine(messages["ExpiryNoticeIntro", days]).AppendLine();
            foreach (var key in listed)
            {
                body.Append("- ").AppendLine(messages["ExpiryNoticeLine", key.Name, key.DisplayName, key.Login, key.Token,
                    key.ExpiresAt.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)]);
            }

            if (count > listed.Count)
            {
                body.AppendLine(messages["ExpiryNoticeMore", count - listed.Count]);
            }

            if (notice.Value.AdminAddress is { Length: > 0 } address)
            {
                body.AppendLine().AppendLine(messages["ExpiryNoticeLink",
                    $"{address.TrimEnd('/')}/administration/infrastructure/authentication-keys"]);
            }

            body.AppendLine().AppendLine(messages["ExpiryNoticeFooter"]);
            var message = new MimeMessage { Subject = messages["ExpiryNoticeSubject", count, days], Body = new TextPart("plain") { Text = body.ToString() } };
            message.From.Add(MailboxAddress.Parse(smtp.Value.From));
            message.To.Add(recipient);
            return message;
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    private async Task SendMailAsync(IReadOnlyList<MimeMessage> messages, CancellationToken cancellationToken)
    {
        var settings = smtp.Value;
        using var client = new SmtpClient { Timeout = 30_000 };
        await client.ConnectAsync(settings.Host!, settings.Port, settings.Security, cancellationToken);
        if (!string.IsNullOrEmpty(settings.UserName))
        {
            await client.AuthenticateAsync(settings.UserName, settings.Password ?? "", cancellationToken);
        }

        foreach (var message in messages)
        {
            await client.SendAsync(message, cancellationToken);
        }

        await client.DisconnectAsync(quit: true, cancellationToken);
    }

    /// <summary>Claims the day for this instance; false when another already has it.</summary>
    private static async Task<bool> ClaimAsync(ApiKeysDbContext db, DateOnly day, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await db.ExpiryNoticeRuns.AnyAsync(r => r.Day == day, cancellationToken))
        {
            return false;
        }

        db.ExpiryNoticeRuns.Add(new ExpiryNoticeRun { Day = day, SentAt = now });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateException exception) when (!DatabaseUnavailable.IsCause(exception))
        {
            return false; // another instance inserted the day first: the primary key decided
        }
    }

    private async Task ReleaseAsync(DateOnly day)
    {
        await using var db = await databases.CreateDbContextAsync(CancellationToken.None);
        await db.ExpiryNoticeRuns.Where(r => r.Day == day).ExecuteDeleteAsync(CancellationToken.None);
    }
}
