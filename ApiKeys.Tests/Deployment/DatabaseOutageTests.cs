using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ApiKeys.Domain.Accounts;
using ApiKeys.Domain.Keys;
using ApiKeys.Tests.Browser;
using ApiKeys.Tests.Support;
using Microsoft.Playwright;

namespace ApiKeys.Tests.Deployment;

/// <summary>The PostgreSQL server stops and starts again under a running app: 503s, a clear message, recovery, nothing lost.</summary>
[Trait("Category", "Browser")]
[Trait("Category", "Postgres")]
public sealed class DatabaseOutageTests
{
    [Fact]
    public async Task While_the_database_is_down_the_API_answers_503_the_UI_says_so_and_both_recover_by_themselves()
    {
        await using var server = await PostgresServer.StartPrivateAsync();
        await using var app = new ApiKeysApp(new Dictionary<string, string?> { ["Authentication:Hmac:RevocationBound"] = "00:00:00.500" }, postgres: server.ConnectionString);
        await app.CreateAccountAsync("ops.admin", "Ops", SystemRole.Administrators);
        var key = await app.CreateKeyAsync("ops.admin");
        using var api = app.SignedClient(key);
        using var plain = app.PlainClient();
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/account")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await plain.GetAsync("/health")).StatusCode);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BrowserFixture.LaunchChromiumAsync(playwright);
        var page = await BrowserFixture.NewPageAsync(browser, app, "en-US");
        await page.SignInAsync("admin", ApiKeysApp.AdminPassword);
        await page.GoToAsync("/administration/infrastructure/authentication-keys");
        await Assertions.Expect(page.Locator("tbody tr.mud-table-row")).ToHaveCountAsync(1);

        await server.StopAsync();

        var signed = await api.GetAsync("/api/v1/account");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, signed.StatusCode);
        Assert.Equal("urn:apikeys:problem:store-unavailable", (await signed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await api.GetAsync("/api/v1/keys")).StatusCode);
        var health = await plain.GetAsync("/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);
        Assert.Equal("Unhealthy", await health.Content.ReadAsStringAsync());
        await page.FillAsync("input[data-testid=search]", "ops");
        await Assertions.Expect(page.Locator("[data-testid=database-unavailable]")).ToBeVisibleAsync();
        await page.FillAsync("input[data-testid=search]", "");

        await server.StartAgainAsync();

        await Assertions.Expect(page.Locator("[data-testid=database-unavailable]")).ToHaveCountAsync(0, new LocatorAssertionsToHaveCountOptions { Timeout = 20_000 });
        await Assertions.Expect(page.Locator("tbody tr.mud-table-row")).ToHaveCountAsync(1);
        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/v1/account")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await plain.GetAsync("/health")).StatusCode);
        var keys = await app.WithAsync<IAuthenticationKeyService, KeyPage>(service => service.QueryAsync(new KeyQuery(), CancellationToken.None));
        Assert.Equal(key.Key.Token, Assert.Single(keys.Items).Token);
    }
}
