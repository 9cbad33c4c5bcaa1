using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ApiKeys.Client;
using ApiKeys.Domain.Accounts;
using ApiKeys.Domain.Keys;
using ApiKeys.Tests.Support;

namespace ApiKeys.Tests.Hmac;

public sealed class ComindwareSchemeTests
{
    [Fact]
    public async Task The_Comindware_scheme_is_accepted_when_enabled()
    {
        await using var app = new ApiKeysApp(new Dictionary<string, string?> { ["Authentication:Hmac:ComindwareScheme:Enabled"] = "true" });
        var key = await AdministratorKeyAsync(app);
        using var client = app.PlainClient();

        var get = await client.SendAsync(Signed(key, HttpMethod.Get, "/api/v1/Account", body: null, DateTimeOffset.UtcNow));
        var post = await client.SendAsync(Signed(key, HttpMethod.Post, "/api/v1/keys/delete", """{"ids":[]}""", DateTimeOffset.UtcNow));

        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal("comindware.admin", (await get.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("login").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, post.StatusCode); // authenticated; the service refuses deleting nothing
        Assert.Contains("HMAC", get.Headers.WwwAuthenticate.ToString() + (await client.GetAsync("/api/v1/account")).Headers.WwwAuthenticate);
    }

    [Fact]
    public async Task The_Comindware_scheme_checks_its_Date_and_body_when_enabled()
    {
        await using var app = new ApiKeysApp(new Dictionary<string, string?> { ["Authentication:Hmac:ComindwareScheme:Enabled"] = "true" });
        var key = await AdministratorKeyAsync(app);
        using var client = app.PlainClient();

        var old = await client.SendAsync(Signed(key, HttpMethod.Get, "/api/v1/account", null, DateTimeOffset.UtcNow.AddMinutes(-10)));
        var tampered = Signed(key, HttpMethod.Post, "/api/v1/keys/delete", """{"ids":[]}""", DateTimeOffset.UtcNow);
        tampered.Content = new StringContent("""{"ids":["0193a1f2-7c4e-7b0a-9d2e-3f5a6b7c8d9e"]}""", Encoding.UTF8, "application/json");
        var changedBody = await client.SendAsync(tampered);

        Assert.Equal("urn:apikeys:problem:stale-signature", (await old.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, changedBody.StatusCode);
    }

    [Fact]
    public async Task The_Comindware_scheme_is_refused_when_disabled()
    {
        await using var app = new ApiKeysApp();
        var key = await AdministratorKeyAsync(app);
        using var client = app.PlainClient();

        var response = await client.SendAsync(Signed(key, HttpMethod.Get, "/api/v1/account", null, DateTimeOffset.UtcNow));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("urn:apikeys:problem:scheme-disabled", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("type").GetString());
    }

    private static async Task<CreatedKey> AdministratorKeyAsync(ApiKeysApp app)
    {
        await app.CreateAccountAsync("comindware.admin", "Comindware admin", SystemRole.Administrators);
        return await app.CreateKeyAsync("comindware.admin");
    }

    /// <summary>Signs as Comindware's published client does.</summary>
    private static HttpRequestMessage Signed(CreatedKey key, HttpMethod method, string path, string? body, DateTimeOffset date)
    {
        var request = new HttpRequestMessage(method, path);
        var dateText = date.ToString("r");
        request.Headers.TryAddWithoutValidation("Date", dateText);
        var bytes = body is null ? [] : Encoding.UTF8.GetBytes(body);
        if (body is not null)
        {
            request.Content = new ByteArrayContent(bytes);
            request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        }

        var text = ComindwareSignature.StringToSign(method.Method, path, dateText, null, body is null ? null : "application/json", ComindwareSignature.BodyHash(bytes));
        request.Headers.TryAddWithoutValidation("Authorization", ComindwareSignature.Authorization(key.Key.Token, ComindwareSignature.Sign(key.Secret, text)));
        return request;
    }
}
