using System.Globalization;
using System.Text.RegularExpressions;
using ApiKeys.Tests.Support;
using Microsoft.Playwright;

namespace ApiKeys.Tests.Browser;

/// <summary>
/// The app on real Kestrel with a fresh SQLite file and gateway routes in front of a test upstream (<see cref="Gateway.GatewayApp"/>),
/// and Debian's Chromium driven by Playwright.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;

    /// <summary>
    /// What a page is expected to show, it may take as long to show as an action may take to act (15 s): the tests run
    /// beside each other, several apps and Chromiums on two cores, and 5 s was seen to pass with the page still catching up.
    /// </summary>
    static BrowserFixture() => Assertions.SetDefaultExpectTimeout(15_000);

    public ApiKeysApp App { get; private set; } = null!;

    /// <summary>The API the gateway's routes lead to.</summary>
    public Upstream Upstream { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where screenshots of the story go (docs/screenshots when refreshed with scripts/screenshots.sh); null to take none.</summary>
    public static string? ScreenshotFolder => Environment.GetEnvironmentVariable("APIKEYS_SCREENSHOTS") is { Length: > 0 } folder ? folder : null;

    public async Task InitializeAsync()
    {
        Upstream = await Upstream.StartAsync();
        App = new ApiKeysApp(Gateway.GatewayApp.Routes(Upstream.Address));
        _playwright = await Playwright.CreateAsync();
        Browser = await LaunchChromiumAsync(_playwright);
    }

    /// <summary>Debian's Chromium, headless, with nothing that reaches outside the machine.</summary>
    public static Task<IBrowser> LaunchChromiumAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = ChromiumPath(),
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    });

    /// <summary>CHROMIUM_PATH or /usr/bin/chromium; when neither exists, one line that says what to do.</summary>
    private static string ChromiumPath()
    {
        var path = Environment.GetEnvironmentVariable("CHROMIUM_PATH") is { Length: > 0 } configured ? configured : "/usr/bin/chromium";
        return File.Exists(path)
            ? path
            : throw new InvalidOperationException(
                $"The browser tests need Chromium, and there is none at {path}: install it (sudo apt-get install chromium) or set CHROMIUM_PATH to a Chromium or Chrome executable; or leave these tests out with dotnet test --filter \"Category!=Browser\".");
    }

    public Task<IPage> NewPageAsync(string culture) => NewPageAsync(Browser, App, culture);

    /// <summary>A page in a new browser context: the language, the system's colour scheme and the window size a person has.</summary>
    public static async Task<IPage> NewPageAsync(IBrowser browser, ApiKeysApp app, string culture, ColorScheme colorScheme = ColorScheme.Light, int width = 1200, int height = 760, string? timeZone = null)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = app.BaseAddress.ToString(),
            Locale = culture,
            ColorScheme = colorScheme,
            TimezoneId = timeZone,
            ViewportSize = new ViewportSize { Width = width, Height = height },
            IsMobile = width < 600,
            HasTouch = width < 600,
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        return page;
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright?.Dispose();
        await App.DisposeAsync();
        await Upstream.DisposeAsync();
    }
}

/// <summary>What every browser test does: sign in, wait for the circuit, take a screenshot.</summary>
public static class PageSteps
{
    public static async Task SignInAsync(this IPage page, string login, string password)
    {
        await page.GotoAsync("/account/sign-in");
        await page.FillAsync("input[name='Input.Login']", login);
        await page.FillAsync("input[name='Input.Password']", password);
        await page.ClickAsync("[data-testid=sign-in]");
        try
        {
            // The address is what tells; waiting for a load state could wait on a document the app has already replaced.
            await Assertions.Expect(page).Not.ToHaveURLAsync(new Regex("/account/sign-in"), new PageAssertionsToHaveURLOptions { Timeout = 30_000 });
        }
        catch (PlaywrightException exception)
        {
            var refused = await page.Locator("[data-testid=sign-in-error]").CountAsync() > 0;
            throw new TimeoutException(
                $"Still on {page.Url} 30 s after signing in as {login}; {(refused ? "the page says the sign-in failed" : "the page shows no error")}.", exception);
        }
    }

    /// <summary>Waits until Blazor's circuit is connected and the page handles events.</summary>
    public static async Task InteractiveAsync(this IPage page) =>
        await page.Locator("[data-testid=interactive]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });

    public static async Task GoToAsync(this IPage page, string path)
    {
        await page.GotoAsync(path);
        await page.InteractiveAsync();
    }

    public static ILocator Rows(IPage page) => page.Locator("tbody tr.mud-table-row");

    /// <summary>Opens an account's actions menu on the Accounts page and clicks one of its items (roles-, edit-email-, active-).</summary>
    public static async Task AccountActionAsync(IPage page, string login, string item)
    {
        await page.Locator($"[data-testid='account-actions-{login}'] button").ClickAsync();
        await page.Locator($"[data-testid='{item}{login}']").ClickAsync();
    }

    /// <summary>Clicks a MudBlazor check box by its label, as a person does, and waits until the circuit has it ticked.</summary>
    public static async Task TickAsync(IPage page, string input)
    {
        var box = page.Locator(input);
        await box.WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });
        await page.Locator("label.mud-checkbox", new PageLocatorOptions { Has = box }).ClickAsync();
        await Assertions.Expect(box).ToBeCheckedAsync();
    }

    /// <summary>Picks the account in the new key's dialog as a person does: sees the list, types, clicks the match.</summary>
    public static async Task PickAccountAsync(IPage page, string login)
    {
        // The field takes the focus and opens with every account; a person sees that list before typing, and text
        // typed before the field's first search has rendered can be lost.
        var items = page.Locator(".mud-popover-open.account-options .mud-list-item");
        await Assertions.Expect(items.First).ToBeVisibleAsync();
        await page.FillAsync("input[data-testid=account]", login);

        // Wait for the search on what was typed, as a person reads the list, or the late search reopens the list
        // over the dialog after the pick.
        await Assertions.Expect(items.Filter(new LocatorFilterOptions { HasNotText = login })).ToHaveCountAsync(0);
        await items.Filter(new LocatorFilterOptions { HasText = login }).ClickAsync();

        // The pick is settled once the list has closed and the field shows the account: a field typed into before
        // then can be overwritten by the render the pick is still waiting for.
        await Assertions.Expect(items).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("input[data-testid=account]")).ToHaveValueAsync(new Regex(Regex.Escape(login)));
    }

    /// <summary>An account that may call the API, in the role "Browser integrations".</summary>
    public static async Task EligibleAccountAsync(ApiKeysApp app, string login)
    {
        await using (var db = await app.OpenDatabaseAsync())
        {
            if (!db.Roles.Any(r => r.Name == "Browser integrations"))
            {
                await app.CreateRoleAsync("Browser integrations", apiCalls: true);
            }
        }

        await app.CreateAccountAsync(login, login, "Browser integrations");
    }

    public static async Task ShotAsync(this IPage page, string culture, int step, string name)
    {
        if (BrowserFixture.ScreenshotFolder is not { } folder)
        {
            return;
        }

        Directory.CreateDirectory(folder);
        await page.ScreenshotAsync(new PageScreenshotOptions
        {
            Path = Path.Combine(folder, $"{new CultureInfo(culture).TwoLetterISOLanguageName}-{step:00}-{name}.png"),
        });
    }
}
