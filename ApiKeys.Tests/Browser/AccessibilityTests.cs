using ApiKeys.Tests.Support;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace ApiKeys.Tests.Browser;

/// <summary>
/// axe-core on every page and dialog, in Russian and English, light and dark: no serious or critical violation
/// (contrast, names of buttons and fields, landmarks, ARIA use). In Russian, no English word from a known list in
/// what the page shows or says to a screen reader (text, aria-label, title, placeholder, the reconnect messages).
/// </summary>
[Trait("Category", "Browser")]
public sealed class AccessibilityTests(BrowserFixture browser) : IClassFixture<BrowserFixture>
{
    public static TheoryData<string, ColorScheme> Looks => new()
    {
        { "ru-RU", ColorScheme.Light }, { "ru-RU", ColorScheme.Dark }, { "en-US", ColorScheme.Light }, { "en-US", ColorScheme.Dark },
    };

    [Theory]
    [MemberData(nameof(Looks))]
    public async Task Every_page_and_dialog_has_no_accessibility_violation_of_any_impact(string culture, ColorScheme scheme)
    {
        var login = $"axe.{culture[..2]}.{scheme}".ToLowerInvariant();
        await PageSteps.EligibleAccountAsync(browser.App, login);
        await browser.App.CreateKeyAsync(login);
        var page = await BrowserFixture.NewPageAsync(browser.Browser, browser.App, culture, colorScheme: scheme);
        var found = new List<string>();

        await page.GotoAsync("/account/sign-in");
        await CheckAsync(page, "sign-in", found);
        await page.SignInAsync("admin", ApiKeysApp.AdminPassword);

        await page.GoToAsync("/administration/infrastructure/authentication-keys");
        await page.FillAsync("input[data-testid=search]", login);
        await Assertions.Expect(PageSteps.Rows(page)).ToHaveCountAsync(1);
        await CheckAsync(page, "keys", found);

        await page.ClickAsync("[data-testid=create]");
        await PageSteps.PickAccountAsync(page, login);
        await CheckAsync(page, "create key dialog", found);
        await page.ClickAsync("[data-testid=save]");
        await page.Locator("textarea[data-testid=secret]").WaitForAsync();
        await CheckAsync(page, "key properties dialog", found);
        await page.ClickAsync("[data-testid=close]");
        await Assertions.Expect(PageSteps.Rows(page)).ToHaveCountAsync(2);

        await PageSteps.Rows(page).First.DblClickAsync();
        await page.Locator("[data-testid=roll]").WaitForAsync();
        await CheckAsync(page, "edit key dialog", found);
        await page.ClickAsync("[data-testid=roll]");
        await page.Locator("[data-testid=roll-confirm]").WaitForAsync();
        await CheckAsync(page, "roll dialog", found);
        await page.ClickAsync("[data-testid=cancel]");
        await Assertions.Expect(page.Locator(".mud-dialog")).ToHaveCountAsync(0);

        await page.Locator("tbody input[type=checkbox]").First.CheckAsync(new LocatorCheckOptions { Force = true });
        await page.ClickAsync("[data-testid=delete]");
        await page.Locator("[data-testid=confirm-cancel]").WaitForAsync();
        await CheckAsync(page, "delete confirmation", found);
        await page.ClickAsync("[data-testid=confirm-cancel]");
        await Assertions.Expect(page.Locator(".mud-dialog")).ToHaveCountAsync(0);

        await PageSteps.Rows(page).First.Locator("[data-testid=row-actions] button").ClickAsync();
        await page.Locator("[data-testid=details]").ClickAsync();
        await page.Locator("[data-testid=usage-chart]").WaitForAsync();
        await CheckAsync(page, "key details", found);

        await page.GoToAsync("/administration/accounts");
        await page.Locator($"[data-testid='account-actions-{login}']").WaitForAsync();
        await CheckAsync(page, "accounts", found);
        await page.ClickAsync("[data-testid=create-account]");
        await page.Locator("input[data-testid=new-login]").WaitForAsync();
        await CheckAsync(page, "new account dialog", found);
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(page.Locator(".mud-dialog")).ToHaveCountAsync(0);
        await PageSteps.AccountActionAsync(page, login, "roles-");
        await page.Locator("[data-testid=save-roles]").WaitForAsync();
        await CheckAsync(page, "account roles dialog", found);
        await page.Keyboard.PressAsync("Escape");
        await Assertions.Expect(page.Locator(".mud-dialog")).ToHaveCountAsync(0);
        await PageSteps.AccountActionAsync(page, login, "edit-email-");
        await page.Locator(".mud-dialog input").First.WaitForAsync();
        await CheckAsync(page, "account e-mail dialog", found);
        await page.Keyboard.PressAsync("Escape");

        await page.GoToAsync("/administration/system-roles");
        await CheckAsync(page, "system roles", found);
        await page.ClickAsync("[data-testid=create-role]");
        await page.Locator("input[data-testid=role-name]").WaitForAsync();
        await CheckAsync(page, "new role dialog", found);
        await page.Keyboard.PressAsync("Escape");

        await page.GoToAsync("/administration/audit-log");
        await CheckAsync(page, "audit log", found);

        await page.GoToAsync("/administration/infrastructure/api-routes");
        await page.Locator("[data-testid=routes]").WaitForAsync();
        await CheckAsync(page, "API routes", found);

        await page.GotoAsync("/account/password"); // a static form, like sign-in
        await page.Locator("[data-testid=change-password]").WaitForAsync();
        await CheckAsync(page, "change password", found);

        await page.GotoAsync("/administration/no-such-page");
        await page.Locator("h1").WaitForAsync();
        await CheckAsync(page, "not found", found);

        await page.GotoAsync("/status/403");
        await page.Locator("[data-testid=status]").WaitForAsync();
        await CheckAsync(page, "access denied", found);

        Assert.True(found.Count == 0, string.Join(Environment.NewLine, found));
    }

    /// <summary>Runs axe on the page as it is now (with any open dialog) and notes every violation, whatever its impact.</summary>
    private static async Task CheckAsync(IPage page, string where, List<string> found)
    {
        await page.WaitForTimeoutAsync(300); // MudBlazor's opening transitions: colours mid-fade are not what anyone reads
        if (await page.EvaluateAsync<string>("() => document.documentElement.lang") == "ru")
        {
            var english = await page.EvaluateAsync<string[]>(EnglishWords);
            found.AddRange(english.Select(e => $"{where}: English in the Russian page: {e}"));
        }

        var result = await page.RunAxe();
        foreach (var violation in result.Violations)
        {
            var nodes = string.Join(" | ", violation.Nodes.Take(4).Select(n => $"{n.Target} {n.Html[..Math.Min(160, n.Html.Length)]} {string.Join("; ", n.Any.Concat(n.All).Concat(n.None).Select(c => c.Message))}"));
            found.Add($"{where}: {violation.Impact} {violation.Id} ({violation.Help}): {nodes}");
        }
    }

    /// <summary>Words MudBlazor, Identity, Blazor's reconnect UI or this app would show in English when a text is not translated.</summary>
    private const string EnglishWords =
        """
        () => {
          const words = /\b(Select|Sort|Unsort|Column|Columns|Filter|Loading|Rows|Close|Clear|Cancel|Save|Delete|Create|Search|Never|Rejoin\w*|Retry|Resume|Passwords?|demo|Toggle|menu|Open|Next|Previous|First|Last|Edit|Details|Disable|Enable|Actions|Copy|Download|Breadcrumb|Contents|Required|Expires|Created|Status|Token|Account|Name)\b/;
          const texts = [document.body.innerText, document.getElementById('components-reconnect-modal')?.textContent ?? ''];
          for (const element of document.querySelectorAll('[aria-label], [title], [placeholder]')) {
            for (const attribute of ['aria-label', 'title', 'placeholder']) texts.push(element.getAttribute(attribute) ?? '');
          }
          return texts.flatMap(t => t.split('\n')).map(t => t.trim()).filter(t => words.test(t)).slice(0, 10);
        }
        """;
}
