using System.CommandLine;
using ApiKeys.Domain.Notifications;

namespace ApiKeys.Admin.CommandLine;

/// <summary><c>notices send-expiry</c>: the daily expiry notice, sent now, through <see cref="ExpiryNotices"/>.</summary>
internal static class NoticeCommands
{
    public static Command Create(CommandLineSession session) =>
        new("notices", "Notices by e-mail to System administrators.") { SendExpiry(session) };

    private static Command SendExpiry(CommandLineSession session)
    {
        var command = new Command("send-expiry",
            "Sends the expiry notice now (even when today's went out already), to check the SMTP settings or to remind again.");
        command.SetAction((parsed, cancellation) => session.RunAsync(async (services, cancellationToken) =>
        {
            var today = DateOnly.FromDateTime(services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime);
            ExpiryNoticeOutcome outcome;
            try
            {
                outcome = await services.GetRequiredService<ExpiryNotices>().SendAsync(today, again: true, cancellationToken);
            }
            catch (Exception exception) when (exception is System.Net.Sockets.SocketException or IOException or MailKit.ProtocolException
                or MailKit.CommandException or MailKit.Security.AuthenticationException or MailKit.Security.SslHandshakeException)
            {
                return await session.RefuseAsync($"The SMTP server did not take the notice: {exception.Message}");
            }

            return outcome switch
            {
                ExpiryNoticeOutcome.NotConfigured => await session.RefuseAsync("No SMTP server is configured: set Notifications:Smtp:Host, Port, Security and From (see README)."),
                ExpiryNoticeOutcome.NoRecipients => await session.RefuseAsync("Keys expire soon, but no active System administrator has an e-mail address: set one with 'accounts set-email'."),
                ExpiryNoticeOutcome.NothingExpiring => await session.SayAsync("No key expires within the window; nothing was sent."),
                _ => await session.SayAsync("The expiry notice was sent."),
            };
        }, cancellation));
        return command;
    }
}
