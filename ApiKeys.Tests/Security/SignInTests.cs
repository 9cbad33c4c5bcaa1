using System.Net;
using ApiKeys.Domain.Accounts;
using ApiKeys.Domain.Audit;
using ApiKeys.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ApiKeys.Tests.Security;

public sealed class SignInTests
{
    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_with_the_same_message_as_an_unknown_login()
    {
        await using var app = new ApiKeysApp(new Dictionary<string, string?> { ["Authentication:Lockout:Duration"] = "00:00:02" });
        using var browser = new BrowserSession(app.BaseAddress);

        var unknown = await browser.SignInAndFollowAsync("nobody", "Whatever-password-1");
        for (var attempt = 0; attempt < 5; attempt++)
        {
            await browser.SignInAsync("admin", "Wrong-password-123");
        }

        var lockedWithRightPassword = await browser.SignInAndFollowAsync("admin", ApiKeysApp.AdminPassword);

        const string message = "The login or password is wrong, or the account cannot sign in right now.";
        Assert.Contains(message, WebUtility.HtmlDecode(unknown));
        Assert.Contains(message, WebUtility.HtmlDecode(lockedWithRightPassword));
        var actions = await ActionsAsync(app);
        Assert.Contains(AuditAction.LockedOut, actions);
        Assert.Contains(AuditAction.SignInFailed, actions);

        var after = await Eventually.UntilAsync(
            () => new BrowserSession(app.BaseAddress).SignInAndFollowAsync("admin", ApiKeysApp.AdminPassword), page => page == "/", every: TimeSpan.FromMilliseconds(250));

        Assert.Equal("/", after);
    }

    [Fact]
    public async Task A_configured_bootstrap_password_signs_in_straight_away()
    {
        await using var app = new ApiKeysApp();
        using var browser = new BrowserSession(app.BaseAddress);

        Assert.Equal("/", await browser.SignInAndFollowAsync("admin", ApiKeysApp.AdminPassword));
        Assert.Contains(AuditAction.AdministratorBootstrapped, await ActionsAsync(app));
    }

    [Fact]
    public async Task Without_a_configured_password_a_generated_one_is_logged_once_and_must_be_changed()
    {
        await using var app = new ApiKeysApp(new Dictionary<string, string?> { ["Bootstrap:AdminPassword"] = "" });
        var line = Assert.Single(app.Logs.Lines, l => l.Contains("one-time password"));
        var password = System.Text.RegularExpressions.Regex.Match(line, "One-time password:\\s+(\\S+)").Groups[1].Value;
        using var browser = new BrowserSession(app.BaseAddress);

        Assert.Equal("/account/password", await browser.SignInAndFollowAsync("admin", password));
        var keysPage = await browser.GetAsync("/administration/infrastructure/authentication-keys");
        Assert.Equal(HttpStatusCode.Redirect, keysPage.StatusCode);
        Assert.EndsWith("/account/password", keysPage.Headers.Location!.ToString());
    }

    [Fact]
    public async Task A_deactivated_account_cannot_sign_in()
    {
        await using var app = new ApiKeysApp();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var accounts = scope.ServiceProvider.GetRequiredService<AccountService>();
            var id = (await accounts.CreateAsync("second.admin", "Second", "Second-password-1", false, CancellationToken.None)).Value!;
            await accounts.AddToRoleAsync(id, SystemRole.Administrators, CancellationToken.None);
            await accounts.SetActiveAsync(id, active: false, CancellationToken.None);
        }

        var answer = await new BrowserSession(app.BaseAddress).SignInAndFollowAsync("second.admin", "Second-password-1");

        Assert.Contains("The login or password is wrong", WebUtility.HtmlDecode(answer));
    }

    [Theory]
    [InlineData("deactivated")]
    [InlineData("removed from System administrators")]
    public async Task An_administrator_deactivated_or_removed_loses_the_admin_pages_in_an_open_browser_at_the_next_session_check(string change)
    {
        await using var app = new ApiKeysApp(new Dictionary<string, string?> { ["Authentication:SessionCheckInterval"] = "00:00:00" });
        string id;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var accounts = scope.ServiceProvider.GetRequiredService<AccountService>();
            id = (await accounts.CreateAsync("second.admin", "Second", "Second-password-1", false, CancellationToken.None)).Value!;
            await accounts.AddToRoleAsync(id, SystemRole.Administrators, CancellationToken.None);
        }

        using var browser = new BrowserSession(app.BaseAddress);
        Assert.Equal("/", await browser.SignInAndFollowAsync("second.admin", "Second-password-1"));
        const string keysPage = "/administration/infrastructure/authentication-keys";
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(keysPage)).StatusCode);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var accounts = scope.ServiceProvider.GetRequiredService<AccountService>();
            var done = change == "deactivated"
                ? await accounts.SetActiveAsync(id, active: false, CancellationToken.None)
                : await accounts.RemoveFromRoleAsync(id, SystemRole.Administrators, CancellationToken.None);
            Assert.True(done.Succeeded, done.Failure?.Message);
        }

        var after = await browser.GetAsync(keysPage);
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Contains("/account/sign-in", after.Headers.Location!.ToString());
    }

    [Fact]
    public async Task The_session_check_interval_defaults_to_one_minute()
    {
        await using var app = new ApiKeysApp();
        var options = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Identity.SecurityStampValidatorOptions>>().Value;

        Assert.Equal(TimeSpan.FromMinutes(1), options.ValidationInterval);
    }

    [Fact]
    public async Task Signing_out_needs_the_forms_anti_forgery_token_so_another_site_cannot_sign_an_administrator_out()
    {
        await using var app = new ApiKeysApp();
        using var browser = new BrowserSession(app.BaseAddress);
        Assert.Equal("/", await browser.SignInAndFollowAsync("admin", ApiKeysApp.AdminPassword));
        const string keysPage = "/administration/infrastructure/authentication-keys";

        var forged = await browser.PostFormAsync("/account/sign-out", page: null);

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(keysPage)).StatusCode);
        Assert.DoesNotContain(AuditAction.SignedOut, await ActionsAsync(app));

        var real = await browser.PostFormAsync("/account/sign-out", page: "/account/password"); // any form of the app carries the token

        Assert.Equal(HttpStatusCode.Redirect, real.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync(keysPage)).StatusCode);
        Assert.Contains(AuditAction.SignedOut, await ActionsAsync(app));
    }

    private static async Task<List<string>> ActionsAsync(ApiKeysApp app)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var page = await scope.ServiceProvider.GetRequiredService<AuditTrail>().QueryAsync(new AuditQuery(PageSize: 500), CancellationToken.None);
        return [.. page.Items.Select(e => e.Action)];
    }
}
