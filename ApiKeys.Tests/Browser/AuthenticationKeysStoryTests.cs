using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using ApiKeys.Admin.Components.Pages.Administration.Infrastructure.AuthenticationKeys;
using ApiKeys.Client;
using ApiKeys.Domain.Accounts;
using ApiKeys.Domain.Usage;
using ApiKeys.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace ApiKeys.Tests.Browser;

/// <summary>The article's story, as an administrator lives it, in a real Chromium, in Russian and in English.</summary>
[Trait("Category", "Browser")]
public sealed class AuthenticationKeysStoryTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    public static TheoryData<string> Cultures => ["ru-RU", "en-US"];

    [Theory]
    [MemberData(nameof(Cultures))]
    public async Task An_administrator_issues_re_dates_and_deletes_keys_and_the_API_follows(string culture)
    {
        var language = new CultureInfo(culture).TwoLetterISOLanguageName;
        var texts = Texts(language);
        var role = $"{texts.Role} {language}";
        var login = $"erp.{language}";
        var page = await browser.NewPageAsync(culture);

        // Sign in as administrator.
        await page.GotoAsync("/account/sign-in");
        await page.ShotAsync(culture, 1, "sign-in");
        await page.SignInAsync("admin", ApiKeysApp.AdminPassword);

        // System roles: a role with the "API calls" permission.
        await page.GoToAsync("/administration/system-roles");
        await page.ClickAsync("[data-testid=create-role]");
        await page.FillAsync("input[data-testid=role-name]", role);
        await TickAsync(page, "input[data-testid=role-api-calls]");
        await page.ShotAsync(culture, 2, "system-role");
        await page.ClickAsync("[data-testid=save-role]");
        await page.Locator($"input[data-testid='api-calls-{role}']").WaitForAsync();

        // Accounts: an account in that role may use the API.
        await page.GoToAsync("/administration/accounts");
        await page.ClickAsync("[data-testid=create-account]");
        await page.FillAsync("input[data-testid=new-login]", login);
        await page.FillAsync("input[data-testid=new-display-name]", texts.DisplayName);
        await page.ClickAsync("[data-testid=save-account]");
        await PageSteps.AccountActionAsync(page, login, "roles-");
        await TickAsync(page, $"input[data-testid='role-{role}']");
        await page.ClickAsync("[data-testid=save-roles]");
        await Assertions.Expect(page.Locator("tr", new PageLocatorOptions { HasText = login }).Locator("[data-api=yes]")).ToBeVisibleAsync();
        await page.ShotAsync(culture, 3, "accounts");

        // Administration → Infrastructure → Authentication keys.
        await page.GetByRole(AriaRole.Link, new PageGetByRoleOptions { Name = texts.Keys }).ClickAsync();
        await page.WaitForURLAsync("**/administration/infrastructure/authentication-keys");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(texts.Keys);
        await page.FillAsync("input[data-testid=search]", login);

        // Create → account and expiry → Save → the token and the secret.
        var (token, secret) = await CreateKeyAsync(page, login, culture, shoot: true);
        await page.ShotAsync(culture, 6, "key-properties");
        await page.ClickAsync("[data-testid=close]");
        await Assertions.Expect(Rows(page)).ToHaveCountAsync(1);
        await page.ShotAsync(culture, 7, "list");

        // The external system calls the API with them.
        using (var api = Api(token, secret))
        {
            var account = await api.GetFromJsonAsync<JsonElement>("/api/v1/account");
            Assert.Equal(login, account.GetProperty("login").GetString());
        }

        // Double-click → only the expiry can change → Save → the list shows the new expiry.
        await Rows(page).First.DblClickAsync();
        await Assertions.Expect(page.Locator("input[data-testid=account-readonly]")).ToBeDisabledAsync();
        await page.ClickAsync("[data-testid=quick-365]");
        await page.ShotAsync(culture, 8, "edit-expiry");
        await page.ClickAsync("[data-testid=save]");
        var newExpiry = ExpiryDay.EndOf(DateTime.UtcNow.Date.AddDays(365)).UtcDateTime.ToString("d", new CultureInfo(language));
        await Assertions.Expect(Rows(page).First).ToContainTextAsync(newExpiry);

        // Tick two keys → Delete → Cancel: nothing gone → Delete → confirm: both gone.
        await CreateKeyAsync(page, login, culture, shoot: false);
        await page.ClickAsync("[data-testid=close]");
        await Assertions.Expect(Rows(page)).ToHaveCountAsync(2);
        await page.Locator("tbody input[type=checkbox]").Nth(0).CheckAsync(new LocatorCheckOptions { Force = true });
        await page.Locator("tbody input[type=checkbox]").Nth(1).CheckAsync(new LocatorCheckOptions { Force = true });
        await Assertions.Expect(page.Locator("[data-testid=delete]")).ToContainTextAsync("(2)");
        await page.ClickAsync("[data-testid=delete]");
        await Assertions.Expect(page.Locator(".mud-dialog")).ToContainTextAsync(texts.DisplayName);
        await Assertions.Expect(page.Locator("[data-testid=confirm-cancel]")).ToBeFocusedAsync(); // Enter does not delete
        await page.ShotAsync(culture, 9, "confirm-delete");
        await page.Locator(".mud-dialog button", new PageLocatorOptions { HasText = texts.Cancel }).ClickAsync();
        await Assertions.Expect(page.Locator(".mud-dialog")).ToHaveCountAsync(0);
        await Assertions.Expect(Rows(page)).ToHaveCountAsync(2);
        await page.ClickAsync("[data-testid=delete]");
        await page.Locator(".mud-dialog .mud-button-root", new PageLocatorOptions { HasTextRegex = new System.Text.RegularExpressions.Regex($"^{texts.Delete}$", System.Text.RegularExpressions.RegexOptions.IgnoreCase) }).ClickAsync();
        await Assertions.Expect(Rows(page)).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator(".mud-snackbar", new PageLocatorOptions { HasText = texts.Deleted })).ToBeVisibleAsync();
        await page.ShotAsync(culture, 10, "deleted");

        // The same call is now refused.
        using (var api = Api(token, secret))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/v1/account")).StatusCode);
        }
    }

    [Theory]
    [MemberData(nameof(Cultures))]
    public async Task A_key_limited_to_one_scope_in_the_dialog_calls_that_route_through_the_gateway_and_is_refused_elsewhere(string culture)
    {
        var language = new CultureInfo(culture).TwoLetterISOLanguageName;
        var login = $"scoped.{language}";
        await EligibleAccountAsync(login);
        var page = await browser.NewPageAsync(culture);
        await page.SignInAsync("admin", ApiKeysApp.AdminPassword);
        await page.GoToAsync("/administration/infrastructure/authentication-keys");

        await page.ClickAsync("[data-testid=create]");
        await PickAccountAsync(page, login);
        await page.ClickAsync("[data-testid=scopes]");
        await page.Locator(".mud-popover-open .mud-list-item", new PageLocatorOptions { HasText = "reporting" }).ClickAsync();
        await page.Locator("[data-testid=scopes]").PressAsync("Escape"); // closes the list, not the dialog
        await Assertions.Expect(page.Locator(".mud-popover-open .mud-list-item")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid=key-dialog]")).ToBeVisibleAsync();
        await page.ShotAsync(culture, 20, "create-scoped-key");
        await page.ClickAsync("[data-testid=save]");
        var token = await page.Locator("input[data-testid=token]").InputValueAsync();
        var secret = await page.Locator("textarea[data-testid=secret]").InputValueAsync();
        await page.ClickAsync("[data-testid=close]");

        using var api = Api(token, secret);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/reports/monthly")).StatusCode);
        var refused = await api.GetAsync("/orders/1");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("key-out-of-scope", await refused.Content.ReadAsStringAsync());

        // The routes page shows the calls; the key's details show its scope.
        await page.GoToAsync("/administration/infrastructure/api-routes");
        await Assertions.Expect(page.Locator("[data-testid=routes] tr", new PageLocatorOptions { HasText = "reports" }).Locator("[data-testid=route-scope]")).ToHaveTextAsync("reporting");
        await page.ShotAsync(culture, 21, "api-routes");
    }

    [Theory]
    [MemberData(nameof(Cultures))]
    public async Task Limits_set_in_the_dialog_hold_for_the_API_and_show_on_the_details_page(string culture)
    {
        var language = new CultureInfo(culture).TwoLetterISOLanguageName;
        var login = $"limited.{language}";
        await EligibleAccountAsync(login);
        var page = await browser.NewPageAsync(culture);
        await page.SignInAsync("admin", ApiKeysApp.AdminPassword);
        await page.GoToAsync("/administration/infrastructure/authentication-keys");

        await page.ClickAsync("[data-testid=create]");
        await PickAccountAsync(page, login);
        var ranges = page.Locator("textarea[data-testid=allow-from]");
        await ranges.FillAsync("10.1.2.3/8");
        await ranges.PressAsync("Tab");
        await Assertions.Expect(page.Locator("[data-testid=key-dialog]")).ToContainTextAsync("«10.1.2.3/8»"); // said beside the field
        await ranges.FillAsync("127.0.0.1\n2001:db8::/32");
        await page.Locator("input[data-testid=rate-calls]").FillAsync("100");
        await page.Locator("input[data-testid=quota-calls]").FillAsync("5");
        await page.ClickAsync("[data-testid=quota-refill]");
        await page.Locator(".mud-popover-open .mud-list-item").Nth(1).ClickAsync(); // daily
        await Assertions.Expect(page.Locator(".mud-popover-open .mud-list-item")).ToHaveCountAsync(0);
        await page.ShotAsync(culture, 22, "create-limited-key");
        await page.ClickAsync("[data-testid=save]");
        var token = await page.Locator("input[data-testid=token]").InputValueAsync();
        var secret = await page.Locator("textarea[data-testid=secret]").InputValueAsync();
        await page.ClickAsync("[data-testid=close]");

        using var api = Api(token, secret);
        var accepted = await api.GetAsync("/api/v1/account");
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal("\"rate\";q=100;w=60, \"quota\";q=5;w=86400", accepted.Headers.GetValues("RateLimit-Policy").Single());
        using (var elsewhere = browser.App.SignedClient(new HmacCredentials(token, secret), from: IPAddress.Parse("127.0.0.2")))
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await elsewhere.GetAsync("/api/v1/account")).StatusCode);
        }

        // The details: the ranges, the rate, the quota with 4 of 5 left, and the refused call by its reason.
        var key = await browser.App.WithAsync<Domain.Keys.IAuthenticationKeyService, Domain.Keys.AuthenticationKeyRow?>(keys => keys.FindByTokenAsync(token, CancellationToken.None));
        await browser.App.Services.GetRequiredService<KeyUsageRecorder>().FlushAsync(CancellationToken.None);
        await page.GoToAsync(ApiKeys.Admin.PageRoutes.KeyDetails(key!.Id));
        await Assertions.Expect(page.Locator("[data-testid=allow-from]")).ToHaveTextAsync("127.0.0.1/32, 2001:db8::/32");
        await Assertions.Expect(page.Locator("[data-testid=rate-limit]")).ToContainTextAsync("100");
        await Assertions.Expect(page.Locator("[data-testid=quota]")).ToContainTextAsync(language == "ru" ? "осталось 4 из 5" : "4 of 5 calls left");
        await Assertions.Expect(page.Locator("[data-testid=usage-summary]")).ToContainTextAsync(language == "ru" ? "адрес 1" : "address 1");
        await page.ShotAsync(culture, 23, "limited-key-details");
    }

    [Theory]
    [MemberData(nameof(Cultures))]
    public async Task A_key_is_named_disabled_and_enabled_and_rolled_with_an_overlap_and_the_API_follows(string culture)
    {
        var language = new CultureInfo(culture).TwoLetterISOLanguageName;
        var texts = Texts(language);
        var login = $"life.{language}";
        await EligibleAccountAsync(login);
        var page = await browser.NewPageAsync(culture);
        await page.SignInAsync("admin", ApiKeysApp.AdminPassword);
        await page.GoToAsync("/administration/infrastructure/authentication-keys");
        await page.FillAsync("input[data-testid=search]", login);

        // Create: the account suggests the name; the administrator names the key.
        await page.ClickAsync("[data-testid=create]");
        await PickAccountAsync(page, login);
        await Assertions.Expect(page.Locator("input[data-testid=name]")).ToHaveValueAsync(new Regex($"^{Regex.Escape(login)} \\d{{4}}-\\d{{2}}-\\d{{2}}$"));
        await page.FillAsync("input[data-testid=name]", "Nightly export");
        await page.ClickAsync("[data-testid=quick-90]");
        await page.ShotAsync(culture, 11, "create-named-key");
        await page.ClickAsync("[data-testid=save]");
        var token = await page.Locator("input[data-testid=token]").InputValueAsync();
        var secret = await page.Locator("textarea[data-testid=secret]").InputValueAsync();
        await page.ClickAsync("[data-testid=close]");
        await Assertions.Expect(Rows(page).First.Locator("[data-testid=key-name]")).ToHaveTextAsync("Nightly export");
        using var api = Api(token, secret);

        // Disable → confirm: the API refuses the key; Enable → confirm: it accepts it again.
        await page.Locator("tbody input[type=checkbox]").Nth(0).CheckAsync(new LocatorCheckOptions { Force = true });
        await page.ClickAsync("[data-testid=disable]");
        await Assertions.Expect(page.Locator(".mud-dialog")).ToContainTextAsync(token[..8]);
        await page.ShotAsync(culture, 12, "confirm-disable");
        await ConfirmAsync(page, texts.Disable);
        await Assertions.Expect(Rows(page).First.Locator("[data-status=Disabled]")).ToBeVisibleAsync();
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/v1/account")).StatusCode);
        await page.Locator("tbody input[type=checkbox]").Nth(0).CheckAsync(new LocatorCheckOptions { Force = true });
        await page.ClickAsync("[data-testid=enable]");
        await ConfirmAsync(page, texts.Enable);
        await Assertions.Expect(Rows(page).First.Locator("[data-status=Disabled]")).ToHaveCountAsync(0);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/account")).StatusCode);

        // Double-click → Roll with a 1-hour grace: the new key's secret once; old and new both work.
        await Rows(page).First.DblClickAsync();
        await page.ClickAsync("[data-testid=roll]");
        await page.ClickAsync("[data-testid=roll-grace]");
        await page.Locator(".mud-popover-open .mud-list-item", new PageLocatorOptions { HasText = texts.OneHour }).ClickAsync();
        await Assertions.Expect(page.Locator(".mud-popover-open .mud-list-item")).ToHaveCountAsync(0);
        await page.ShotAsync(culture, 13, "roll");
        await page.ClickAsync("[data-testid=roll-confirm]");
        var newToken = await page.Locator("input[data-testid=token]").InputValueAsync();
        var newSecret = await page.Locator("textarea[data-testid=secret]").InputValueAsync();
        await page.ShotAsync(culture, 14, "rolled-key");
        await page.ClickAsync("[data-testid=close]");
        await Assertions.Expect(Rows(page)).ToHaveCountAsync(2);
        Assert.NotEqual(token, newToken);
        using var rolled = Api(newToken, newSecret);
        Assert.Equal(HttpStatusCode.OK, (await rolled.GetAsync("/api/v1/account")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/account")).StatusCode);
        await using var db = await browser.App.OpenDatabaseAsync();
        var oldExpiry = db.AuthenticationKeys.Where(k => k.Token == token).Select(k => k.ExpiresAt).AsEnumerable().Single();
        Assert.InRange(oldExpiry - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(55), TimeSpan.FromHours(1)); // the grace chosen: one hour

        // The old key's details: its calls (2 accepted, 1 refused while disabled) in the chart, its trail, the link to its successor.
        await browser.App.Services.GetRequiredService<KeyUsageRecorder>().FlushAsync(CancellationToken.None);
        await Rows(page).Filter(new LocatorFilterOptions { HasText = token[..8] }).Locator("[data-testid=row-actions] button").ClickAsync();
        await page.Locator("[data-testid=details]").ClickAsync();
        await page.WaitForURLAsync("**/authentication-keys/*");
        await Assertions.Expect(page.Locator("[data-testid=usage-summary]"))
            .ToContainTextAsync(language == "ru" ? "принято вызовов: 2, отклонено: 1" : "2 accepted and 1 refused calls");
        await Assertions.Expect(page.Locator("[data-testid=usage-chart] svg")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("[data-testid=trail]")).ToContainTextAsync("key.rolled");
        await Assertions.Expect(page.Locator("[data-testid=trail]")).ToContainTextAsync("key.disabled");
        await page.ShotAsync(culture, 15, "key-details");
        await page.ClickAsync("[data-testid=rolled-to]");
        await Assertions.Expect(page.Locator("[data-testid=token]")).ToHaveTextAsync(newToken);
    }

    [Fact]
    public async Task The_theme_follows_the_system_until_one_is_chosen_and_the_choice_is_remembered()
    {
        var page = await browser.NewPageAsync("en-US");
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { ColorScheme = ColorScheme.Dark });
        await page.SignInAsync("admin", ApiKeysApp.AdminPassword);
        await page.GoToAsync("/administration/infrastructure/authentication-keys");

        // As the system: the browser prefers dark, so the page is dark, and follows when the preference changes.
        await Assertions.Expect(page.Locator("body")).ToHaveCSSAsync("background-color", DarkBackground);
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { ColorScheme = ColorScheme.Light });
        await Assertions.Expect(page.Locator("body")).ToHaveCSSAsync("background-color", LightBackground);
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { ColorScheme = ColorScheme.Dark });

        // Chosen light: light although the system is dark, and still so after a reload.
        await page.ClickAsync("[data-testid=theme]");
        await page.ClickAsync("[data-testid=theme-light]");
        await page.InteractiveAsync();
        await Assertions.Expect(page.Locator("body")).ToHaveCSSAsync("background-color", LightBackground);
        await page.ReloadAsync();
        await page.InteractiveAsync();
        await Assertions.Expect(page.Locator("body")).ToHaveCSSAsync("background-color", LightBackground);
        Assert.EndsWith("/administration/infrastructure/authentication-keys", page.Url);

        // Chosen dark.
        await page.ClickAsync("[data-testid=theme]");
        await page.ClickAsync("[data-testid=theme-dark]");
        await page.InteractiveAsync();
        await Assertions.Expect(page.Locator("body")).ToHaveCSSAsync("background-color", DarkBackground);
        await page.ShotAsync("en-US", 16, "dark-mode");
    }

    private static readonly Regex DarkBackground = new(@"^rgb\((\d|[1-7]\d), (\d|[1-7]\d), (\d|[1-7]\d)\)$");
    private static readonly Regex LightBackground = new(@"^rgb\((2[0-5]\d), (2[0-5]\d), (2[0-5]\d)\)$");

    private static async Task ConfirmAsync(IPage page, string button) =>
        await page.Locator(".mud-dialog .mud-button-root", new PageLocatorOptions { HasTextRegex = new Regex($"^{Regex.Escape(button)}$", RegexOptions.IgnoreCase) }).ClickAsync();

    [Theory]
    [MemberData(nameof(Cultures))]
    public async Task An_expiry_in_the_past_shows_its_message_and_saves_nothing(string culture)
    {
        var language = new CultureInfo(culture).TwoLetterISOLanguageName;
        await EligibleAccountAsync($"past.{language}");
        var page = await browser.NewPageAsync(culture);
        await page.SignInAsync("admin", ApiKeysApp.AdminPassword);
        await page.GoToAsync("/administration/infrastructure/authentication-keys");
        await page.FillAsync("input[data-testid=search]", $"past.{language}");

        await page.ClickAsync("[data-testid=create]");
        await PickAccountAsync(page, $"past.{language}");
        var expiry = page.Locator("input[data-testid=expiry]");
        await expiry.FillAsync(new DateTime(2020, 1, 1).ToString("d", new CultureInfo(language)));
        await expiry.PressAsync("Tab");
        // Said as soon as the date is typed, beside it, instead of a "works until" in the past.
        await Assertions.Expect(page.Locator(".mud-dialog")).ToContainTextAsync(Texts(language).PastExpiry);
        await page.ClickAsync("[data-testid=save]");

        await Assertions.Expect(page.Locator(".mud-dialog")).ToContainTextAsync(Texts(language).PastExpiry);
        await page.ClickAsync("[data-testid=cancel]");
        await Assertions.Expect(Rows(page)).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_signed_in_non_administrator_sees_the_403_page()
    {
        await using (var scope = browser.App.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<AccountService>()
                .CreateAsync("auditor", "Auditor", "Auditor-password-1", mustChangePassword: false, CancellationToken.None);
        }

        var page = await browser.NewPageAsync("en-US");
        await page.SignInAsync("auditor", "Auditor-password-1");
        var response = await page.GotoAsync("/administration/infrastructure/authentication-keys");

        Assert.Equal(403, response!.Status);
        await Assertions.Expect(page.Locator("[data-testid=status]")).ToHaveTextAsync("Access denied");
    }

    [Fact]
    public async Task The_secret_is_nowhere_once_its_dialog_is_closed_even_after_a_reload()
    {
        await EligibleAccountAsync("once.only");
        var page = await browser.NewPageAsync("en-US");
        await page.SignInAsync("admin", ApiKeysApp.AdminPassword);
        await page.GoToAsync("/administration/infrastructure/authentication-keys");
        await page.FillAsync("input[data-testid=search]", "once.only");

        var (token, secret) = await CreateKeyAsync(page, "once.only", "en-US", shoot: false);
        await page.ClickAsync("[data-testid=close]");
        await Assertions.Expect(Rows(page)).ToHaveCountAsync(1);
        Assert.DoesNotContain(secret, await page.ContentAsync());

        await page.ReloadAsync();
        await page.InteractiveAsync();
        await Rows(page).First.WaitForAsync();
        Assert.Contains(token, await page.ContentAsync());
        Assert.DoesNotContain(secret, await page.ContentAsync());
        await Rows(page).First.DblClickAsync();
        await page.Locator("[data-testid=save]").WaitForAsync();
        Assert.DoesNotContain(secret, await page.ContentAsync());
    }

    private async Task<(string Token, string Secret)> CreateKeyAsync(IPage page, string login, string culture, bool shoot)
    {
        await page.ClickAsync("[data-testid=create]");
        await PickAccountAsync(page, login);
        await page.ClickAsync("[data-testid=quick-90]");
        if (shoot)
        {
            await page.ShotAsync(culture, 5, "create-key");
        }

        await page.ClickAsync("[data-testid=save]");
        var token = await page.Locator("input[data-testid=token]").InputValueAsync();
        var secret = await page.Locator("textarea[data-testid=secret]").InputValueAsync();
        return (token, secret);
    }

    private Task EligibleAccountAsync(string login) => PageSteps.EligibleAccountAsync(browser.App, login);

    private HttpClient Api(string token, string secret) => browser.App.SignedClient(new HmacCredentials(token, secret));

    private static ILocator Rows(IPage page) => PageSteps.Rows(page);

    private static Task TickAsync(IPage page, string input) => PageSteps.TickAsync(page, input);

    private static Task PickAccountAsync(IPage page, string login) => PageSteps.PickAccountAsync(page, login);

    private static StoryTexts Texts(string language) => language == "ru"
        ? new("Интеграции", "Обмен с ERP", "Ключи аутентификации", "Отмена", "Удалить", "Удалено 2 ключа.", "Срок действия должен быть в будущем.", "Отключить", "Включить", "1 час")
        : new("Integrations", "ERP exchange", "Authentication keys", "Cancel", "Delete", "2 keys deleted.", "The expiry date must be in the future.", "Disable", "Enable", "1 hour");

    private sealed record StoryTexts(
        string Role, string DisplayName, string Keys, string Cancel, string Delete, string Deleted, string PastExpiry, string Disable, string Enable, string OneHour);
}
