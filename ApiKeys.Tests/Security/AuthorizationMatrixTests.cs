using ApiKeys.Admin;
using System.Net;
using ApiKeys.Domain.Accounts;
using ApiKeys.Tests.Support;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace ApiKeys.Tests.Security;

/// <summary>Anonymous, a signed-in non-administrator and an administrator against every page and admin endpoint.</summary>
public sealed class AuthorizationMatrixTests(ApiKeysApp app) : IClassFixture<ApiKeysApp>
{
    private const string ReaderPassword = "Reader-password-1";

    public static TheoryData<string> AdminPages =>
    [
        "/",
        "/administration/infrastructure/authentication-keys",
        $"/administration/infrastructure/authentication-keys/{Guid.Empty}",
        "/administration/accounts",
        "/administration/system-roles",
        "/administration/audit-log",
        "/administration/infrastructure/api-routes",
        "/administration/infrastructure/authentication-keys/export",
        "/administration/audit-log/export",
    ];

    public static TheoryData<string, string> ApiEndpoints => new()
    {
        { "GET", "/api/v1/account" },
        { "GET", "/api/v1/keys" },
        { "POST", "/api/v1/keys" },
        { "GET", $"/api/v1/keys/{Guid.Empty}" },
        { "PUT", $"/api/v1/keys/{Guid.Empty}" },
        { "PUT", $"/api/v1/keys/{Guid.Empty}/expiry" },
        { "POST", $"/api/v1/keys/{Guid.Empty}/roll" },
        { "DELETE", $"/api/v1/keys/{Guid.Empty}" },
        { "POST", "/api/v1/keys/disable" },
        { "POST", "/api/v1/keys/enable" },
        { "POST", "/api/v1/keys/delete" },
    };

    [Fact]
    public void The_matrix_names_every_page_and_every_API_endpoint_the_app_maps()
    {
        var routes = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        static string Path(string pattern) => "/" + pattern.TrimStart('/').Replace("{id:guid}", Guid.Empty.ToString()).Replace("{Id:guid}", Guid.Empty.ToString());
        var api = routes.Where(r => r.RoutePattern.RawText!.TrimStart('/').StartsWith("api/v1", StringComparison.Ordinal))
            .SelectMany(r => (r.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => $"{m} {Path(r.RoutePattern.RawText!).TrimEnd('/')}"))
            .Distinct().Order();
        var pages = routes.Where(r => r.RoutePattern.RawText!.TrimStart('/').StartsWith("administration", StringComparison.Ordinal))
            .Select(r => Path(r.RoutePattern.RawText!)).Distinct().Order();

        Assert.Equal(api, ((IEnumerable<object[]>)ApiEndpoints).Select(row => $"{row[0]} {row[1]}").Order());
        Assert.Equal(pages, ((IEnumerable<object[]>)AdminPages).Select(row => (string)row[0]).Where(p => p != "/").Order());
    }

    [Theory]
    [MemberData(nameof(AdminPages))]
    public async Task Anonymous_visitors_are_sent_to_sign_in_with_a_local_return_address(string page)
    {
        using var browser = new BrowserSession(app.BaseAddress);

        var response = await browser.GetAsync(page);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith($"{app.BaseAddress}account/sign-in?ReturnUrl={Uri.EscapeDataString(page)}", response.Headers.Location!.ToString());
    }

    [Theory]
    [MemberData(nameof(AdminPages))]
    public async Task A_signed_in_account_outside_System_administrators_gets_a_clear_403_page(string page)
    {
        using var browser = await SignedInReaderAsync();

        var response = await browser.GetAsync(page);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("Only members of \"System administrators\" may use ApiKeys", WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
    }

    [Theory]
    [MemberData(nameof(AdminPages))]
    public async Task An_administrator_gets_every_page(string page)
    {
        using var browser = new BrowserSession(app.BaseAddress);
        Assert.Equal("/", await browser.SignInAndFollowAsync("admin", ApiKeysApp.AdminPassword));

        var response = await browser.GetAsync(page);

        // The matrix's key details page names no key: the page answers, as 404 "no such key".
        var answered = response.StatusCode is HttpStatusCode.OK || (page == "/" && response.StatusCode == HttpStatusCode.Redirect)
            || (PageRoutes.IsKeyDetails(page) && response.StatusCode == HttpStatusCode.NotFound && (await response.Content.ReadAsStringAsync()).Contains("key-missing"));
        Assert.True(answered, $"{page}: {response.StatusCode}");
    }

    [Theory]
    [MemberData(nameof(ApiEndpoints))]
    public async Task A_session_cookie_never_authorizes_the_API_not_even_an_administrators(string method, string path)
    {
        using var browser = new BrowserSession(app.BaseAddress);
        await browser.SignInAsync("admin", ApiKeysApp.AdminPassword);
        using var anonymous = new BrowserSession(app.BaseAddress);

        foreach (var session in new[] { browser, anonymous })
        {
            var response = await SendAsync(session, method, path);

            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Null(response.Headers.Location);
        }
    }

    [Fact]
    public async Task An_HMAC_signature_never_authorizes_a_page()
    {
        await app.CreateAccountAsync("signed.admin", "Signed admin", SystemRole.Administrators);
        var key = await app.CreateKeyAsync("signed.admin");
        using var client = new HttpClient(new ApiKeys.Client.HmacSigningHandler(new ApiKeys.Client.HmacCredentials(key.Key.Token, key.Secret))
        {
            InnerHandler = new SocketsHttpHandler { AllowAutoRedirect = false },
        }) { BaseAddress = app.BaseAddress };

        var response = await client.GetAsync("/administration/infrastructure/authentication-keys");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/account/sign-in", response.Headers.Location!.ToString());
    }

    [Fact]
    public async Task The_return_address_after_sign_in_must_be_local()
    {
        using var browser = new BrowserSession(app.BaseAddress);
        var form = await browser.GetAsync("/account/sign-in?ReturnUrl=https%3A%2F%2Fevil.example.com%2F");
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);

        var target = await new BrowserSession(app.BaseAddress).SignInAndFollowAsync("admin", ApiKeysApp.AdminPassword);

        Assert.Equal("/", target);
    }

    [Fact]
    public async Task A_keys_details_page_for_a_key_that_does_not_exist_is_a_404_with_the_friendly_text()
    {
        using var browser = new BrowserSession(app.BaseAddress);
        Assert.Equal("/", await browser.SignInAndFollowAsync("admin", ApiKeysApp.AdminPassword));

        var response = await browser.GetAsync($"/administration/infrastructure/authentication-keys/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(body.Contains("data-testid=\"key-missing\""), body);
    }

    [Fact]
    public async Task Pages_carry_the_security_headers()
    {
        using var browser = new BrowserSession(app.BaseAddress);

        var response = await browser.GetAsync("/account/sign-in");

        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains("script-src 'self'", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
    }

    private async Task<BrowserSession> SignedInReaderAsync()
    {
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var accounts = scope.ServiceProvider.GetRequiredService<AccountService>();
            if ((await accounts.QueryAsync("reader", 0, 1, CancellationToken.None)).TotalCount == 0)
            {
                await accounts.CreateAsync("reader", "Reader", ReaderPassword, mustChangePassword: false, CancellationToken.None);
            }
        }

        var browser = new BrowserSession(app.BaseAddress);
        Assert.Equal("/", await browser.SignInAndFollowAsync("reader", ReaderPassword));
        return browser;
    }

    private static Task<HttpResponseMessage> SendAsync(BrowserSession session, string method, string path) =>
        method == "GET" ? session.GetAsync(path) : session.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json"),
        });
}
