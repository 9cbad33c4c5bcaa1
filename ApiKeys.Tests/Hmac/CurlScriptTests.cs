using System.Diagnostics;
using System.Text.Json;
using ApiKeys.Domain.Accounts;
using ApiKeys.Domain.Keys;
using ApiKeys.Tests.Support;

namespace ApiKeys.Tests.Hmac;

/// <summary>scripts/hmac-curl.sh (bash, openssl, curl) against the running server.</summary>
public sealed class CurlScriptTests(ApiKeysApp app) : IClassFixture<ApiKeysApp>
{
    [Fact]
    public async Task The_script_signs_a_GET_that_the_server_accepts()
    {
        var key = await KeyAsync("curl.get");

        var (exit, output, error) = await RunAsync(key, "GET", new Uri(app.BaseAddress, "/api/v1/account?view=full").ToString());

        Assert.True(exit == 0, error);
        Assert.Equal("curl.get", JsonDocument.Parse(output).RootElement.GetProperty("login").GetString());
    }

    [Fact]
    public async Task The_script_signs_a_body_with_its_content_digest()
    {
        var key = await KeyAsync("curl.post");

        var (exit, output, error) = await RunAsync(key, "POST", new Uri(app.BaseAddress, "/api/v1/keys/delete").ToString(),
            """{"ids":["0193a1f2-7c4e-7b0a-9d2e-3f5a6b7c8d9e"]}""", "--", "-H", "Content-Type: application/json");

        Assert.True(exit == 0, error);
        Assert.Equal(0, JsonDocument.Parse(output).RootElement.GetProperty("deleted").GetInt32());
    }

    [Fact]
    public async Task A_wrong_secret_gets_the_servers_refusal_printed_and_a_non_zero_exit()
    {
        var key = await KeyAsync("curl.wrong");

        var (exit, output, _) = await RunAsync(new CreatedKey(key.Key, KeySecrets.NewSecret()), "GET", new Uri(app.BaseAddress, "/api/v1/account").ToString());

        Assert.Equal(22, exit); // curl's code for an HTTP status of 400 or more
        Assert.Equal("urn:apikeys:problem:signature-mismatch", JsonDocument.Parse(output).RootElement.GetProperty("type").GetString());
    }

    private async Task<CreatedKey> KeyAsync(string login)
    {
        await app.CreateAccountAsync(login, login, SystemRole.Administrators);
        return await app.CreateKeyAsync(login);
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(CreatedKey key, params string[] arguments)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "scripts", "hmac-curl.sh"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["APIKEYS_TOKEN"] = key.Key.Token;
        start.Environment["APIKEYS_SECRET"] = key.Secret;
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }
}
