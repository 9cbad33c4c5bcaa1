using ApiKeys.Domain.Keys;
using ApiKeys.Domain;
using System.Text.RegularExpressions;
using ApiKeys.Tests.Support;
using Microsoft.Playwright;

namespace ApiKeys.Tests.Browser;

/// <summary>The admin without a mouse, and on a laptop and a phone screen: nothing runs off the side, every column shows.</summary>
[Trait("Category", "Browser")]
public sealed class KeyboardAndLayoutTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    private static readonly string[] Pages =
    [
        "/administration/infrastructure/authentication-keys", "/administration/accounts", "/administration/system-roles", "/administration/audit-log",
        "/administration/infrastructure/api-routes",
    ];

    public static TheoryData<string, int, int> Screens => new()
    {
        { "ru-RU", 1366, 768 }, { "en-US", 1366, 768 }, { "ru-RU", 390, 844 }, { "en-US", 390, 844 },
    };

    [Theory]
    [MemberData(nameof(Screens))]
    public async Task Nothing_runs_off_the_screen_and_every_key_column_shows(string culture, int width, int height)
    {
        var login = $"screen.{culture[..2]}.{width}";
        await PageSteps.EligibleAccountAsync(browser.App, login);
        var key = await browser.App.CreateKeyAsync(login);
        // A long name with no space to break at (93 characters), as an outside probe named one: it must wrap, not widen the page.
        var longName = string.Concat(Enumerable.Repeat("ErpNightlyExport", 6))[..93];
        Assert.True((await browser.App.WithAsync<IAuthenticationKeyService, Result<AuthenticationKeyRow>>(keys =>
            keys.UpdateAsync(key.Key.Id, KeyUpdate.Naming(longName, null), key.Key.Version, CancellationToken.None))).Succeeded);
        var page = await BrowserFixture.NewPageAsync(browser.Browser, browser.App, culture, width: width, height: height);
        await page.SignInAsync("admin", ApiKeysApp.AdminPassword);

        foreach (var path in Pages.Append($"/administration/infrastructure/authentication-keys/{key.Key.Id}"))
        {
            await page.GoToAsync(path);
            await page.Locator("h1").WaitForAsync();
            await page.WaitForTimeoutAsync(300);
            Assert.True(await FitsAsync(page), $"{path} at {width}×{height} in {culture} is wider than the screen: {await WidthsAsync(page)}");
        }

        await page.GoToAsync(Pages[0]);
        await page.FillAsync("input[data-testid=search]", login);
        await Assertions.Expect(PageSteps.Rows(page)).ToHaveCountAsync(1);
        if (width > 600)
        {
            // Every column's header inside the window, none cut off.
            foreach (var header in await page.Locator(".apikeys-grid thead th").AllAsync())
            {
                var box = await header.BoundingBoxAsync();
                Assert.True(box is not null && box.X >= 0 && box.X + box.Width <= width, $"a column header at {box?.X}+{box?.Width} is outside {width}: '{await header.InnerTextAsync()}'");
            }
        }
        else
        {
            // A card per key: its checkbox, name, status and actions all on the screen.
            var card = PageSteps.Rows(page).First;
            foreach (var part in new[] { card.Locator("input[type=checkbox]"), card.Locator("[data-testid=key-name]"), card.Locator(".mud-chip"), card.Locator("[data-testid=row-actions] button") })
            {
                await Assertions.Expect(part).ToBeVisibleAsync();
                var box = await part.BoundingBoxAsync();
                Assert.True(box!.X >= 0 && box.X + box.Width <= width, $"a part of the key's card at {box.X}+{box.Width} is outside {width}");
            }

            // The toolbar sits under the title, not over it.
            var title = (await page.Locator("h1").BoundingBoxAsync())!;
            var create = (await page.Locator("[data-testid=create]").BoundingBoxAsync())!;
            Assert.True(create.Y >= title.Y + title.Height, "Create overlaps the page title");

            await page.ShotAsync(culture, 18, "phone");

            // A dialog takes the whole screen.
            await page.ClickAsync("[data-testid=create]");
            // (once it has finished opening: it grows into place)
            await page.WaitForFunctionAsync(
                "w => { const d = document.querySelector('.mud-dialog'); const r = d && d.getBoundingClientRect(); return !!r && r.width >= w - 1 && r.left <= 0.5; }",
                width, new PageWaitForFunctionOptions { Timeout = 5_000 });
            Assert.True(await FitsAsync(page), $"the new key's dialog at {width} is wider than the screen: {await WidthsAsync(page)}");
        }

        await page.ShotAsync(culture, width > 600 ? 17 : 19, width > 600 ? "laptop" : "phone-dialog");
    }

    [Theory]
    [InlineData("en-US")]
    [InlineData("ru-RU")]
    public async Task A_key_is_created_edited_and_deleted_with_the_keyboard_alone(string culture)
    {
        var login = $"keyboard.{culture[..2]}";
        await PageSteps.EligibleAccountAsync(browser.App, login);
        var page = await browser.NewPageAsync(culture);
        await page.GotoAsync("/account/sign-in");
        await page.Locator("input[name='Input.Login']").FocusAsync();
        await page.Keyboard.TypeAsync("admin");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.TypeAsync(ApiKeysApp.AdminPassword);
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("authentication-keys"));
        await page.InteractiveAsync();
        await TabToAsync(page, "input[data-testid=search]");
        await page.Keyboard.TypeAsync(login);

        // Create: Enter on Create, type the account, Enter on the match, Tab to Save.
        await TabToAsync(page, "[data-testid=create]");
        await page.Keyboard.PressAsync("Enter");
        var options = page.Locator(".mud-popover-open.account-options .mud-list-item");
        await Assertions.Expect(options.First).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("input[data-testid=account]")).ToBeFocusedAsync();
        await page.WaitForTimeoutAsync(400); // a person reads the list before typing (the field's first search settles)

        // Escape closes the list, not the dialog; typing opens it again.
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(options).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("[data-testid=key-dialog]")).ToBeVisibleAsync();
        await page.Keyboard.TypeAsync(login, new KeyboardTypeOptions { Delay = 20 });
        await Assertions.Expect(page.Locator("input[data-testid=account]")).ToHaveValueAsync(login);
        // The list shows the one match (a person sees it before picking), ArrowDown and Enter choose it, and the list shuts.
        await Assertions.Expect(options).ToHaveCountAsync(1);
        await Assertions.Expect(options.First).ToContainTextAsync(login);
        await page.Keyboard.PressAsync("ArrowDown");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("input[data-testid=account]")).ToHaveValueAsync(new Regex(@"\(" + Regex.Escape(login) + @"\)$"));
        await Assertions.Expect(options).ToHaveCountAsync(0);
        await TabToAsync(page, "[data-testid=save]");
        await page.Keyboard.PressAsync("Enter");
        await page.Locator("textarea[data-testid=secret]").WaitForAsync();
        await TabToAsync(page, "[data-testid=close]");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(PageSteps.Rows(page)).ToHaveCountAsync(1);

        // Edit: Tab to the key's name, Enter opens it; a year more; Save; the focus is back on the key.
        await TabToAsync(page, "[data-testid=key-name]");
        await page.Keyboard.PressAsync("Enter");
        await FocusedAsync(page, "input[data-testid=name]"); // the dialog opens with the focus in its first field
        await page.WaitForTimeoutAsync(400); // and keeps it there once it has finished opening
        await FocusedAsync(page, "input[data-testid=name]");

        // Escape with no list open closes the dialog, the focus back on the key; Enter opens it again.
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(page.Locator(".mud-dialog")).ToHaveCountAsync(0);
        await FocusedAsync(page, "[data-testid=key-name]");
        await page.Keyboard.PressAsync("Enter");
        await FocusedAsync(page, "input[data-testid=name]");
        await page.WaitForTimeoutAsync(400);
        await TabToAsync(page, "[data-testid=quick-365]");
        await page.Keyboard.PressAsync("Enter");
        await TabToAsync(page, "[data-testid=save]");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator(".mud-dialog")).ToHaveCountAsync(0);
        await FocusedAsync(page, "[data-testid=key-name]");
        var year = DateTime.UtcNow.AddDays(365).Year.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await Assertions.Expect(PageSteps.Rows(page).First).ToContainTextAsync(year);

        // Delete: Space ticks the row, Enter on Delete, the focus is on Cancel, Tab to Delete in the dialog, Enter.
        await TabToAsync(page, "tbody input[type=checkbox]");
        await page.Keyboard.PressAsync("Space");
        await TabToAsync(page, "[data-testid=delete]");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("[data-testid=confirm-cancel]")).ToBeFocusedAsync();
        await page.WaitForTimeoutAsync(400); // a person reads which keys go before moving on
        await Assertions.Expect(page.Locator("[data-testid=confirm-cancel]")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Tab");
        await Assertions.Expect(page.Locator("[data-testid=confirm-yes]")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(PageSteps.Rows(page)).ToHaveCountAsync(0);
        // Delete is disabled with nothing ticked: the focus goes to the toolbar's first button, not to the page's body.
        await FocusedAsync(page, "[data-testid=create]");
    }

    [Theory]
    [InlineData("ru-RU", 1366, 768)]
    [InlineData("en-US", 1366, 768)]
    [InlineData("ru-RU", 390, 844)]
    public async Task The_new_keys_secret_is_seen_without_scrolling(string culture, int width, int height)
    {
        var login = $"secret.seen.{culture[..2]}.{width}";
        await PageSteps.EligibleAccountAsync(browser.App, login);
        var page = await BrowserFixture.NewPageAsync(browser.Browser, browser.App, culture, width: width, height: height);
        await page.SignInAsync("admin", ApiKeysApp.AdminPassword);
        await page.GoToAsync("/administration/infrastructure/authentication-keys");

        await page.ClickAsync("[data-testid=create]");
        await PageSteps.PickAccountAsync(page, login);
        await page.ClickAsync("[data-testid=save]");

        await Assertions.Expect(page.Locator("[data-testid=shown-once]")).ToBeInViewportAsync(new() { Ratio = 1 });
        await Assertions.Expect(page.Locator("[data-testid=token]")).ToBeInViewportAsync(new() { Ratio = 1 });
        await Assertions.Expect(page.Locator("[data-testid=secret]")).ToBeInViewportAsync(new() { Ratio = 1 });
        await Assertions.Expect(page.Locator("[data-testid=copy-secret]")).ToBeInViewportAsync(new() { Ratio = 1 });
    }

    [Fact]
    public async Task Deleting_a_row_from_its_menu_with_the_keyboard_leaves_the_focus_on_the_next_rows_menu()
    {
        const string login = "row.menu.delete";
        await PageSteps.EligibleAccountAsync(browser.App, login);
        await browser.App.CreateKeyAsync(login);
        await browser.App.CreateKeyAsync(login);
        var page = await browser.NewPageAsync("en-US");
        await page.SignInAsync("admin", ApiKeysApp.AdminPassword);
        await page.GoToAsync("/administration/infrastructure/authentication-keys");
        await page.FillAsync("input[data-testid=search]", login);
        await Assertions.Expect(PageSteps.Rows(page)).ToHaveCountAsync(2);
        var survivor = await PageSteps.Rows(page).Nth(1).Locator("[data-testid=row-actions]").GetAttributeAsync("data-key");

        // Enter opens the first row's menu, the arrow keys reach Delete, Enter asks; Tab to Delete in the dialog, Enter.
        await TabToAsync(page, "tbody tr:first-child [data-testid=row-actions] button");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator(".mud-popover-open [data-testid=row-delete]")).ToBeVisibleAsync();
        for (var presses = 0; presses < 6 && !await page.Locator("[data-testid=row-delete]").EvaluateAsync<bool>("e => e.contains(document.activeElement) || e === document.activeElement"); presses++)
        {
            await page.Keyboard.PressAsync("ArrowDown");
        }

        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("[data-testid=confirm-cancel]")).ToBeFocusedAsync();
        await Assertions.Expect(page.Locator(".mud-popover-open [data-testid=row-delete]")).ToHaveCountAsync(0); // the menu has shut
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Enter");

        await Assertions.Expect(PageSteps.Rows(page)).ToHaveCountAsync(1);
        await FocusedAsync(page, $"[data-testid=row-actions][data-key='{survivor}'] button");
    }

    [Fact]
    public async Task Dates_and_times_are_the_browsers_own_the_expiry_takes_a_time_of_day_and_the_key_downloads_as_env()
    {
        const string login = "moscow.time";
        await PageSteps.EligibleAccountAsync(browser.App, login);
        var moscow = TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow");
        var page = await BrowserFixture.NewPageAsync(browser.Browser, browser.App, "ru-RU", timeZone: "Europe/Moscow");
        await page.SignInAsync("admin", ApiKeysApp.AdminPassword);
        await page.GoToAsync("/administration/infrastructure/authentication-keys");
        await page.FillAsync("input[data-testid=search]", login);

        // Create: the chosen day at 12:00 Moscow time is 09:00 UTC; the dialog says which zone it reads.
        await page.ClickAsync("[data-testid=create]");
        await PageSteps.PickAccountAsync(page, login);
        var time = page.Locator("input[data-testid=expiry-time]");
        await time.FillAsync("12:00");
        await time.PressAsync("Tab");
        await Assertions.Expect(page.Locator(".mud-dialog")).ToContainTextAsync("(МСК, UTC+3)");
        await page.ClickAsync("[data-testid=save]");
        var token = await page.Locator("input[data-testid=token]").InputValueAsync();
        var secret = await page.Locator("textarea[data-testid=secret]").InputValueAsync();

        // Download .env: the token and the secret as the variables scripts/hmac-curl.sh reads.
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("[data-testid=download-env]"));
        Assert.Equal($"apikeys-{token[..8]}.env", download.SuggestedFilename);
        var env = await File.ReadAllTextAsync((await download.PathAsync())!);
        Assert.Contains($"\nAPIKEYS_TOKEN={token}\n", env);
        Assert.Contains($"\nAPIKEYS_SECRET={secret}\n", env);
        await page.ClickAsync("[data-testid=close]");
        await Assertions.Expect(PageSteps.Rows(page)).ToHaveCountAsync(1);

        DateTimeOffset expiresAt;
        await using (var db = await browser.App.OpenDatabaseAsync())
        {
            expiresAt = db.AuthenticationKeys.Single(k => k.Account!.UserName == login).ExpiresAt;
        }

        var local = TimeZoneInfo.ConvertTime(expiresAt, moscow);
        Assert.Equal(new TimeSpan(12, 0, 59), local.TimeOfDay);
        Assert.Equal(TimeSpan.FromHours(3), moscow.GetUtcOffset(expiresAt));

        // The list shows the Moscow day, with the UTC instant in the tooltip; the details show the Moscow time.
        var ru = new System.Globalization.CultureInfo("ru-RU");
        var expires = PageSteps.Rows(page).First.Locator("div[title*='UTC']").Nth(1);
        await Assertions.Expect(expires).ToHaveTextAsync(local.ToString("d", ru));
        await Assertions.Expect(expires).ToHaveAttributeAsync("title", new Regex(Regex.Escape(expiresAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture))));
        await PageSteps.Rows(page).First.Locator("[data-testid=row-actions] button").ClickAsync();
        await page.Locator("[data-testid=details]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=properties]")).ToContainTextAsync(local.DateTime.ToString("g", ru));
    }

    [Fact]
    public async Task The_keys_pages_first_html_says_it_is_loading_not_that_there_are_no_keys()
    {
        await PageSteps.EligibleAccountAsync(browser.App, "prerendered");
        await browser.App.CreateKeyAsync("prerendered");
        using var session = new BrowserSession(browser.App.BaseAddress);
        await session.SignInAsync("admin", ApiKeysApp.AdminPassword);

        var html = await (await session.GetAsync("/administration/infrastructure/authentication-keys")).Content.ReadAsStringAsync();

        Assert.Contains("data-testid=\"loading-keys\"", html);
        Assert.DoesNotContain("data-testid=\"no-keys\"", html);
    }

    /// <summary>Presses Tab until the focus is in the element, as a keyboard user does; fails after 60 presses.</summary>
    private static async Task TabToAsync(IPage page, string selector)
    {
        for (var presses = 0; presses < 60; presses++)
        {
            if (await page.EvaluateAsync<bool>("s => !!document.activeElement && [...document.querySelectorAll(s)].some(e => e.contains(document.activeElement))", selector))
            {
                return;
            }

            await page.Keyboard.PressAsync("Tab");
        }

        var at = await page.EvaluateAsync<string>("() => document.activeElement?.outerHTML.slice(0, 200) ?? 'nothing'");
        throw new Xunit.Sdk.XunitException($"60 presses of Tab never reached {selector}; the focus is on {at}");
    }

    /// <summary>Waits up to 5 s for the focus to be in the element; says where it is otherwise.</summary>
    private static async Task FocusedAsync(IPage page, string selector)
    {
        try
        {
            await Assertions.Expect(page.Locator(selector)).ToBeFocusedAsync();
        }
        catch (PlaywrightException exception)
        {
            var at = await page.EvaluateAsync<string>("() => document.activeElement?.outerHTML.slice(0, 300) ?? 'nothing'");
            throw new Xunit.Sdk.XunitException($"the focus is not in {selector} but on {at}", exception);
        }
    }

    private static Task<bool> FitsAsync(IPage page) => page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth");

    private static Task<string> WidthsAsync(IPage page) => page.EvaluateAsync<string>(
        """
        () => {
          const wide = [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
            .slice(0, 5).map(e => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} right=${Math.round(e.getBoundingClientRect().right)}`);
          return `scrollWidth ${document.documentElement.scrollWidth}, innerWidth ${window.innerWidth}; ${wide.join('; ')}`;
        }
        """);
}
