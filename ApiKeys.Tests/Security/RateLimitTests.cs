using System.Net;
using System.Text.Json;
using ApiKeys.Client;
using ApiKeys.Domain.Accounts;
using ApiKeys.Domain.Keys;
using ApiKeys.Tests.Support;

namespace ApiKeys.Tests.Security;

/// <summary>Sign-in and refused API calls are rate limited; a limit reached answers 429 with Retry-After, over real Kestrel.</summary>
public sealed class RateLimitTests
{
    [Fact]
    public async Task Sign_in_posts_from_one_address_past_the_limit_get_429_and_the_page_says_why()
    {
        await using var app = new ApiKeysApp(new Dictionary<string, string?> { ["RateLimits:SignInPerAddress:PermitLimit"] = "3" });
        using var browser = new BrowserSession(app.BaseAddress);
        for (var i = 0; i < 3; i++)
        {
            Assert.NotEqual(HttpStatusCode.TooManyRequests, (await browser.SignInAsync($"nobody{i}", "Wrong-password-123")).StatusCode);
        }

        var refused = await browser.SignInAsync("admin", ApiKeysApp.AdminPassword);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(int.Parse(refused.Headers.RetryAfter!.ToString()) is > 0 and <= 60);
        Assert.Contains("Too many requests", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task Sign_in_attempts_for_one_login_past_the_limit_get_429_with_a_message_even_with_the_right_password()
    {
        await using var app = new ApiKeysApp(new Dictionary<string, string?> { ["RateLimits:SignInPerLogin:PermitLimit"] = "2" });
        using var browser = new BrowserSession(app.BaseAddress);
        await browser.SignInAsync("admin", "Wrong-password-123");
        await browser.SignInAsync("admin", "Wrong-password-123");

        var refused = await browser.SignInAsync("admin", ApiKeysApp.AdminPassword);
        var otherLogin = await browser.SignInAsync("someone.else", "Wrong-password-123");

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.Contains("Too many sign-in attempts for this login", WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.OK, otherLogin.StatusCode); // the form again, with the usual message
    }

    [Fact]
    public async Task Past_the_refused_calls_allowed_per_address_even_a_valid_call_from_there_gets_a_429_problem()
    {
        await using var app = new ApiKeysApp(new Dictionary<string, string?> { ["RateLimits:RefusedApiCallsPerAddress:PermitLimit"] = "5" });
        var key = await ValidKeyAsync(app, "flooded.bot");
        using var forger = app.SignedClient(new HmacCredentials(KeySecrets.NewToken(), KeySecrets.NewSecret()));
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await forger.GetAsync("/api/v1/account")).StatusCode);
        }

        using var honest = app.SignedClient(key);
        var response = await honest.GetAsync("/api/v1/account");

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("urn:apikeys:problem:too-many-refused-calls", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("type").GetString());
    }

    [Fact]
    public async Task Bad_signatures_naming_a_key_throttle_their_address_never_the_key_whose_holder_elsewhere_is_still_answered()
    {
        await using var app = new ApiKeysApp(new Dictionary<string, string?> { ["RateLimits:RefusedApiCallsPerAddress:PermitLimit"] = "3" });
        var target = await ValidKeyAsync(app, "target.bot");
        using var guesser = app.SignedClient(new HmacCredentials(target.Key.Token, KeySecrets.NewSecret()), from: IPAddress.Parse("127.0.0.2"));
        for (var i = 0; i < 30; i++)
        {
            await guesser.GetAsync("/api/v1/account"); // the token travels in every request: anyone may send it
        }

        using var owner = app.SignedClient(target, from: IPAddress.Parse("127.0.0.1"));
        using var ownerAtTheGuessersAddress = app.SignedClient(target, from: IPAddress.Parse("127.0.0.2"));

        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync("/api/v1/account")).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await ownerAtTheGuessersAddress.GetAsync("/api/v1/account")).StatusCode);
    }

    private static async Task<CreatedKey> ValidKeyAsync(ApiKeysApp app, string login)
    {
        await app.CreateAccountAsync(login, login, SystemRole.Administrators);
        return await app.CreateKeyAsync(login);
    }
}
