using ApiKeys.Domain;
using ApiKeys.Domain.Accounts;
using ApiKeys.Domain.Audit;
using ApiKeys.Domain.Keys;
using ApiKeys.Domain.Notifications;
using ApiKeys.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ApiKeys.Tests.Notifications;

/// <summary>A real SMTP server (smtp4dev) and the app on Kestrel, sending the daily expiry notice to System administrators.</summary>
[Trait("Category", "Smtp")]
public sealed class ExpiryNoticeTests(ExpiryNoticeTests.Smtp4dev server) : IClassFixture<ExpiryNoticeTests.Smtp4dev>, IAsyncLifetime
{
    private readonly List<ApiKeysApp> _apps = [];

    private SmtpServer Mailbox => server.Server;

    /// <summary>One smtp4dev for the class (it takes seconds to start); each test starts with an empty mailbox.</summary>
    public sealed class Smtp4dev : IAsyncLifetime
    {
        public SmtpServer Server { get; private set; } = null!;

        public async Task InitializeAsync() => Server = await SmtpServer.StartAsync();

        public async Task DisposeAsync() => await Server.DisposeAsync();
    }

    public async Task InitializeAsync() => await Mailbox.ClearAsync();

    public async Task DisposeAsync()
    {
        foreach (var app in _apps)
        {
            await app.DisposeAsync();
        }
    }

    [Fact]
    public async Task The_notice_lists_the_keys_expiring_within_the_window_to_every_administrator_with_an_address_once_a_day_each_in_a_message_of_their_own()
    {
        var app = App();
        var (soon, later, disabled) = await KeysAsync(app);
        await EmailAsync(app, "admin", "admin@example.com");
        await app.CreateAccountAsync("ops", "Operations", SystemRole.Administrators);
        await EmailAsync(app, "ops", "ops@example.com");
        await app.CreateAccountAsync("quiet.admin", "Quiet admin", SystemRole.Administrators); // no address: not a recipient
        await EmailAsync(app, "integration.bot", "bot@example.com"); // an address, but not an administrator

        var first = await SendAsync(app, new DateOnly(2030, 1, 1));
        var again = await SendAsync(app, new DateOnly(2030, 1, 1));

        Assert.Equal((ExpiryNoticeOutcome.Sent, ExpiryNoticeOutcome.AlreadySent), (first, again));
        var sent = await Mailbox.MessagesAsync();
        Assert.Equal(["admin@example.com", "ops@example.com"], sent.Select(m => Assert.Single(m.To.Mailboxes).Address).Order());
        Assert.All(sent, m => Assert.Empty(m.Cc.Concat(m.Bcc)));
        var message = sent[0];
        Assert.Equal("apikeys@example.com", message.From.Mailboxes.Single().Address);
        Assert.Equal("ApiKeys: 1 authentication key(s) expire within 14 days", message.Subject);
        Assert.Contains($"{soon.Key.Name} — Integration bot (integration.bot), token {soon.Key.Token}, expires", message.TextBody);
        Assert.Contains("https://keys.example.com/administration/infrastructure/authentication-keys", message.TextBody);
        Assert.DoesNotContain(later.Key.Token, message.TextBody);
        Assert.DoesNotContain(disabled.Key.Token, message.TextBody);
        Assert.DoesNotContain(soon.Secret, message.ToString());
        await using var db = await app.OpenDatabaseAsync();
        var entry = await db.AuditEntries.SingleAsync(e => e.Action == AuditAction.ExpiryNoticeSent);
        Assert.Equal("expiry notice 2030-01-01", entry.Target);
        Assert.Equal(ExpiryNotices.Actor, entry.Actor);
    }

    [Fact]
    public async Task Two_instances_sending_the_same_day_at_once_send_one_notice()
    {
        var app = App();
        await KeysAsync(app);
        await EmailAsync(app, "admin", "admin@example.com");

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => SendAsync(app, new DateOnly(2030, 2, 1))));

        Assert.Single(outcomes, o => o == ExpiryNoticeOutcome.Sent);
        Assert.Equal(3, outcomes.Count(o => o == ExpiryNoticeOutcome.AlreadySent));
        Assert.Single(await Mailbox.MessagesAsync());
    }

    [Fact]
    public async Task In_Russian_when_so_configured()
    {
        var app = App(("Notifications:ExpiryNotice:Language", "ru"));
        var (soon, _, _) = await KeysAsync(app);
        await EmailAsync(app, "admin", "admin@example.com");

        Assert.Equal(ExpiryNoticeOutcome.Sent, await SendAsync(app, new DateOnly(2030, 3, 1)));

        var message = Assert.Single(await Mailbox.MessagesAsync());
        Assert.Equal("ApiKeys: ключей аутентификации, истекающих в ближайшие 14 дн.: 1", message.Subject);
        Assert.Contains($"токен {soon.Key.Token}, истекает", message.TextBody);
    }

    [Fact]
    public async Task Nothing_is_sent_without_expiring_keys_or_without_an_administrator_address_and_a_failed_send_gives_the_day_back()
    {
        var app = App(("Notifications:Smtp:Port", ThrowawayServer.FreePort().ToString())); // nothing listens there
        Assert.Equal(ExpiryNoticeOutcome.NothingExpiring, await SendAsync(app, new DateOnly(2030, 4, 1)));
        await KeysAsync(app);
        Assert.Equal(ExpiryNoticeOutcome.NoRecipients, await SendAsync(app, new DateOnly(2030, 4, 1)));
        await EmailAsync(app, "admin", "admin@example.com");

        await Assert.ThrowsAnyAsync<System.Net.Sockets.SocketException>(() => SendAsync(app, new DateOnly(2030, 4, 1)));

        await using var db = await app.OpenDatabaseAsync();
        Assert.False(await db.ExpiryNoticeRuns.AnyAsync(), "the failed day was not given back");
        Assert.False(await db.AuditEntries.AnyAsync(e => e.Action == AuditAction.ExpiryNoticeSent));
    }

    [Fact]
    public async Task Started_after_the_time_of_day_the_app_sends_the_days_notice_by_itself()
    {
        var folder = Path.Combine(Path.GetTempPath(), "apikeys-tests", Guid.NewGuid().ToString("n"));
        await using (var setUp = new ApiKeysApp(Settings(), folder))
        {
            await KeysAsync(setUp);
            await EmailAsync(setUp, "admin", "admin@example.com");
        }

        var started = new ApiKeysApp(Settings(("Notifications:ExpiryNotice:TimeOfDay", "00:00:00")), folder);
        _apps.Add(started);

        var messages = await Eventually.UntilAsync(Mailbox.MessagesAsync, sent => sent.Count > 0, within: TimeSpan.FromSeconds(20), every: TimeSpan.FromMilliseconds(200));

        Assert.Single(messages);
        await using var db = await started.OpenDatabaseAsync();
        Assert.Equal(DateOnly.FromDateTime(DateTime.UtcNow), (await db.ExpiryNoticeRuns.SingleAsync()).Day);
    }

    private ApiKeysApp App(params (string Key, string Value)[] settings)
    {
        var app = new ApiKeysApp(Settings(settings));
        _apps.Add(app);
        return app;
    }

    /// <summary>SMTP to smtp4dev; the notice's time of day set late, so the scheduler stays out of the way unless a test says otherwise.</summary>
    private Dictionary<string, string?> Settings(params (string Key, string Value)[] settings)
    {
        var all = new Dictionary<string, string?>
        {
            ["Notifications:Smtp:Host"] = "127.0.0.1",
            ["Notifications:Smtp:Port"] = Mailbox.SmtpPort.ToString(),
            ["Notifications:Smtp:Security"] = "None",
            ["Notifications:Smtp:From"] = "apikeys@example.com",
            ["Notifications:ExpiryNotice:TimeOfDay"] = "23:59:59",
            ["Notifications:ExpiryNotice:AdminAddress"] = "https://keys.example.com/",
        };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        return all;
    }

    /// <summary>Keys of integration.bot: one expiring in 3 days, one in 30 (outside the window), one in 5 but disabled.</summary>
    private static async Task<(CreatedKey Soon, CreatedKey Later, CreatedKey Disabled)> KeysAsync(ApiKeysApp app)
    {
        await app.CreateRoleAsync("Integrations", apiCalls: true);
        await app.CreateAccountAsync("integration.bot", "Integration bot", "Integrations");
        var soon = await app.CreateKeyAsync("integration.bot", TimeSpan.FromDays(3));
        var later = await app.CreateKeyAsync("integration.bot", TimeSpan.FromDays(30));
        var disabled = await app.CreateKeyAsync("integration.bot", TimeSpan.FromDays(5));
        await app.WithAsync<IAuthenticationKeyService, Result<int>>(keys => keys.SetDisabledAsync([disabled.Key.Id], true, CancellationToken.None));
        return (soon, later, disabled);
    }

    private static async Task EmailAsync(ApiKeysApp app, string login, string email)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<AccountService>();
        var account = await accounts.FindAsync(login, CancellationToken.None);
        Assert.True((await accounts.SetEmailAsync(account!.Id, email, CancellationToken.None)).Succeeded);
    }

    private static async Task<ExpiryNoticeOutcome> SendAsync(ApiKeysApp app, DateOnly day)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ExpiryNotices>().SendAsync(day, again: false, CancellationToken.None);
    }
}
