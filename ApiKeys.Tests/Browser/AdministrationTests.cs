using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using ApiKeys.Domain;
using ApiKeys.Domain.Keys;
using ApiKeys.Tests.Support;
using Microsoft.Playwright;

namespace ApiKeys.Tests.Browser;

/// <summary>
/// The rest of the admin as carefully as the keys page, in a real Chromium: access is cut only after a question that
/// names who loses it, nobody locks themselves out, the audit log reads as sentences in the page's language, both lists
/// export as CSV, and Russian pages write buttons in sentence case.
/// </summary>
[Trait("Category", "Browser")]
public sealed class AdministrationTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    public static TheoryData<string> Cultures => ["ru-RU", "en-US"];

    public static TheoryData<string, int, int> Screens => new()
    {
        { "ru-RU", 1366, 768 }, { "en-US", 1366, 768 }, { "ru-RU", 390, 844 }, { "en-US", 390, 844 },
    };

    [Theory]
    [MemberData(nameof(Cultures))]
    public async Task Turning_API_calls_off_asks_first_naming_who_loses_access_and_Cancel_changes_nothing(string culture)
    {
        var language = culture[..2];
        var role = $"Partners {language}";
        var login = $"partner.{language}";
        await browser.App.CreateRoleAsync(role, apiCalls: true);
        await browser.App.CreateAccountAsync(login, $"Partner {language}", role);
        var key = await browser.App.CreateKeyAsync(login);
        await browser.App.CreateKeyAsync(login);
        using var client = browser.App.SignedClient(key);
        var page = await browser.NewPageAsync(culture);
        await page.SignInAsync("admin", ApiKeysApp.AdminPassword);
        await page.GoToAsync("/administration/system-roles");
        var apiCalls = page.Locator($"input[data-testid='api-calls-{role}']");
        await Assertions.Expect(page.Locator($"[data-testid='keys-{role}']")).ToHaveTextAsync(language == "ru" ? "2 ключа" : "2 keys");

        await page.Locator("label.mud-switch", new PageLocatorOptions { Has = apiCalls }).ClickAsync();
        var dialog = page.Locator("[data-testid=confirm-access]");
        await Assertions.Expect(dialog.Locator("[data-testid=confirm-list]")).ToContainTextAsync(login);
        await Assertions.Expect(dialog.Locator("[data-testid=confirm-keys-lost]")).ToContainTextAsync("2");
        await Assertions.Expect(page.Locator("[data-testid=confirm-cancel]")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter"); // on Cancel: nothing changes

        await Assertions.Expect(dialog).ToHaveCountAsync(0);
        await Assertions.Expect(apiCalls).ToBeCheckedAsync();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/account")).StatusCode);

        await page.Locator("label.mud-switch", new PageLocatorOptions { Has = apiCalls }).ClickAsync();
        await page.ClickAsync("[data-testid=confirm-yes]");
        await Assertions.Expect(apiCalls).Not.ToBeCheckedAsync();
        Assert.Equal(HttpStatusCode.Forbidden, await Eventually.UntilAsync(
            async () => (await client.GetAsync("/api/v1/account")).StatusCode, status => status == HttpStatusCode.Forbidden, within: TimeSpan.FromSeconds(3)));
    }

    [Theory]
    [MemberData(nameof(Cultures))]
    public async Task Deactivating_an_account_asks_first_and_an_administrator_cannot_deactivate_themselves(string culture)
    {
        var language = culture[..2];
        var login = $"leaving.{language}";
        await PageSteps.EligibleAccountAsync(browser.App, login);
        await browser.App.CreateKeyAsync(login);
        await browser.App.CreateAccountAsync($"second.admin.{language}", "Second administrator", Domain.Accounts.SystemRole.Administrators);
        var page = await browser.NewPageAsync(culture);
        await page.SignInAsync("admin", ApiKeysApp.AdminPassword);
        await page.GoToAsync("/administration/accounts");

        await PageSteps.AccountActionAsync(page, login, "active-");
        var dialog = page.Locator("[data-testid=confirm-access]");
        await Assertions.Expect(dialog.Locator("[data-testid=confirm-list]")).ToContainTextAsync(login);
        await Assertions.Expect(dialog.Locator("[data-testid=confirm-keys-lost]")).ToContainTextAsync("1");
        await page.ClickAsync("[data-testid=confirm-cancel]");
        await Assertions.Expect(page.Locator("tr", new PageLocatorOptions { HasText = login }).Locator("[data-api=yes]")).ToBeVisibleAsync();

        await PageSteps.AccountActionAsync(page, "admin", "active-");
        await page.ClickAsync("[data-testid=confirm-yes]");

        await Assertions.Expect(page.Locator(".mud-snackbar")).ToContainTextAsync(language == "ru" ? "попросите об этом другого администратора" : "ask another administrator");
        await page.GoToAsync("/administration/accounts"); // still signed in, still active
        await Assertions.Expect(page.Locator("h1")).ToBeVisibleAsync();
    }

    [Theory]
    [MemberData(nameof(Screens))]
    public async Task The_audit_log_reads_as_sentences_with_its_filters_above_the_list_and_exports_what_it_shows(string culture, int width, int height)
    {
        var language = culture[..2];
        var login = $"audited.{language}.{width}";
        await PageSteps.EligibleAccountAsync(browser.App, login);
        var key = await browser.App.CreateKeyAsync(login);
        var name = language == "ru" ? $"ERP обмен {width}" : $"ERP exchange {width}";
        await browser.App.WithAsync<IAuthenticationKeyService, Result<AuthenticationKeyRow>>(keys =>
            keys.UpdateAsync(key.Key.Id, KeyUpdate.Naming(name, null), key.Key.Version, CancellationToken.None));
        var row = (await browser.App.WithAsync<IAuthenticationKeyService, AuthenticationKeyRow?>(keys => keys.FindByTokenAsync(key.Key.Token, CancellationToken.None)))!;
        await browser.App.WithAsync<IAuthenticationKeyService, Result<CreatedKey>>(keys => keys.RollAsync(row.Id, TimeSpan.FromHours(1), row.Version, CancellationToken.None));
        var page = await BrowserFixture.NewPageAsync(browser.Browser, browser.App, culture, width: width, height: height, timeZone: "Europe/Moscow");
        await page.SignInAsync("admin", ApiKeysApp.AdminPassword);
        await page.GoToAsync("/administration/audit-log");
        await page.FillAsync("input[data-testid=audit-target] >> nth=0", login);

        var rolled = page.Locator("[data-testid=audit-sentence]", new PageLocatorOptions { HasText = language == "ru" ? "перевыпущен" : "rolled" });
        await Assertions.Expect(rolled).ToHaveCountAsync(1);
        await Assertions.Expect(rolled).ToContainTextAsync($"«{name}» ({login})");
        await Assertions.Expect(rolled).ToContainTextAsync(language == "ru" ? "МСК" : "UTC+3");
        var filters = await page.Locator("[data-testid=audit-filters]").BoundingBoxAsync();
        var list = await page.Locator(".apikeys-audit").BoundingBoxAsync();
        Assert.True(filters!.Y + filters.Height <= list!.Y, $"the filters end at {filters.Y + filters.Height}, the list starts at {list.Y}");
        Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways");
        await page.ShotAsync(culture, width > 600 ? 24 : 25, width > 600 ? "audit-log" : "audit-log-phone");

        var csv = await DownloadAsync(page, "[data-testid=audit-export]");
        Assert.StartsWith(language == "ru" ? "Когда (МСК, UTC+3);" : "When (UTC+3),", csv);
        Assert.Contains($"«{name}» ({login})", csv);
        Assert.DoesNotContain("sign-in", csv); // only what the filter shows
    }

    [Theory]
    [MemberData(nameof(Screens))]
    public async Task Accounts_and_roles_fit_the_screen_with_their_key_counts_linking_to_the_keys(string culture, int width, int height)
    {
        var language = culture[..2];
        var login = $"counted.{language}.{width}";
        await PageSteps.EligibleAccountAsync(browser.App, login);
        await browser.App.CreateKeyAsync(login);
        var page = await BrowserFixture.NewPageAsync(browser.Browser, browser.App, culture, width: width, height: height);
        await page.SignInAsync("admin", ApiKeysApp.AdminPassword);

        await page.GoToAsync("/administration/accounts");
        var keys = page.Locator($"[data-testid='keys-{login}']");
        await Assertions.Expect(keys).ToHaveTextAsync(language == "ru" ? "1 ключ" : "1 key");
        foreach (var path in new[] { "/administration/accounts", "/administration/system-roles" })
        {
            await page.GoToAsync(path);
            await PageSteps.Rows(page).First.WaitForAsync();
            Assert.True(await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"), $"{path} scrolls sideways at {width}");
            var cut = await page.EvaluateAsync<string[]>(
                "() => [...document.querySelectorAll('tbody td, tbody td *')].filter(e => e.scrollWidth > e.clientWidth + 1 && getComputedStyle(e).overflow !== 'visible').map(e => e.textContent.trim()).slice(0, 5)");
            Assert.True(cut.Length == 0, $"{path} at {width}: cut off: {string.Join(" | ", cut)}");
            if (path.EndsWith("accounts", StringComparison.Ordinal))
            {
                await page.ShotAsync(culture, width > 600 ? 26 : 27, width > 600 ? "accounts-list" : "accounts-phone");
            }
        }

        await page.GoToAsync("/administration/accounts");
        await page.Locator($"[data-testid='keys-{login}']").ClickAsync();
        await page.WaitForURLAsync($"**/authentication-keys?account={login}");
        await Assertions.Expect(PageSteps.Rows(page)).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("[data-testid=owner-filter]")).ToContainTextAsync(login);
    }

    [Theory]
    [MemberData(nameof(Cultures))]
    public async Task The_keys_list_exports_its_filter_as_CSV_that_Excel_reads_in_the_page_language(string culture)
    {
        var language = culture[..2];
        var login = $"exported.{language}";
        await PageSteps.EligibleAccountAsync(browser.App, login);
        var key = await browser.App.CreateKeyAsync(login);
        await browser.App.WithAsync<IAuthenticationKeyService, Result<AuthenticationKeyRow>>(keys =>
            keys.UpdateAsync(key.Key.Id, KeyUpdate.Naming("=Обмен, \"ночной\"", null), key.Key.Version, CancellationToken.None));
        var page = await browser.NewPageAsync(culture);
        await page.SignInAsync("admin", ApiKeysApp.AdminPassword);
        await page.GoToAsync("/administration/infrastructure/authentication-keys");
        await page.FillAsync("input[data-testid=search]", login);
        await Assertions.Expect(PageSteps.Rows(page)).ToHaveCountAsync(1);

        var csv = await DownloadAsync(page, "[data-testid=export-keys]");
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(2, lines.Length); // the header and the one key the search shows
        Assert.StartsWith(language == "ru" ? "Название;Аккаунт;Логин;Токен;Статус;" : "Name,Account,Login,Token,Status,", lines[0]);
        Assert.StartsWith("\"'=Обмен, \"\"ночной\"\"\"", lines[1]); // quoted, and never a formula
        Assert.Contains(key.Key.Token, lines[1]);
    }

    [Theory]
    [MemberData(nameof(Cultures))]
    public async Task Buttons_are_written_in_sentence_case_on_every_page(string culture)
    {
        var page = await browser.NewPageAsync(culture);
        await page.SignInAsync("admin", ApiKeysApp.AdminPassword);
        foreach (var path in new[] { "/administration/infrastructure/authentication-keys", "/administration/accounts", "/administration/system-roles", "/administration/audit-log" })
        {
            await page.GoToAsync(path);
            await page.Locator(".mud-button-root").First.WaitForAsync();
            var shouting = await page.EvaluateAsync<string[]>(
                "() => [...document.querySelectorAll('.mud-button-root')].filter(b => getComputedStyle(b).textTransform === 'uppercase' || /^[А-ЯA-Z]{3,}$/.test(b.innerText.trim())).map(b => b.innerText.trim())");
            Assert.True(shouting.Length == 0, $"{path}: {string.Join(", ", shouting)}");
        }
    }

    /// <summary>Clicks a download link as a person does and reads the file the browser saved; checks its byte order mark.</summary>
    private static async Task<string> DownloadAsync(IPage page, string link)
    {
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync(link));
        var path = await download.PathAsync();
        var bytes = await File.ReadAllBytesAsync(path!);
        Assert.True(bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF, "no UTF-8 byte order mark: Excel would misread Cyrillic");
        Assert.EndsWith(".csv", download.SuggestedFilename, StringComparison.Ordinal);
        return Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
    }
}
