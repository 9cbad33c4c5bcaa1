using System.Net.Sockets;
using System.Text;
using ApiKeys.Client;
using ApiKeys.Domain.Accounts;
using ApiKeys.Domain.Keys;
using ApiKeys.Tests.Support;

namespace ApiKeys.Tests.Hmac;

/// <summary>
/// Requests a conforming RFC 9421 signer produces that differ on the wire from what this project's client sends,
/// sent as raw HTTP/1.1 to real Kestrel: each must verify.
/// </summary>
public sealed class Rfc9421EdgeTests(ApiKeysApp app) : IClassFixture<ApiKeysApp>
{
    [Theory]
    [InlineData("localhost:80")]
    [InlineData("LOCALHOST:80")]
    public async Task Authority_drops_the_default_port_of_the_scheme(string host)
    {
        var key = await KeyAsync();
        var signature = Sign(key, "localhost", "/api/v1/account", Parameters(key));

        var status = await SendAsync("/api/v1/account", host, signature);

        Assert.Equal("200", status);
    }

    [Fact]
    public async Task A_port_that_is_not_the_default_stays_in_the_authority()
    {
        var key = await KeyAsync();
        var signature = Sign(key, "localhost", "/api/v1/account", Parameters(key));

        Assert.StartsWith("401 The signature does not match", await SendAsync("/api/v1/account", "localhost:8080", signature));
    }

    [Fact]
    public async Task An_absolute_form_target_signs_its_path_only()
    {
        var key = await KeyAsync();
        var signature = Sign(key, "localhost", "/api/v1/account", Parameters(key));

        var status = await SendAsync("http://localhost/api/v1/account", "localhost", signature);

        Assert.Equal("200", status);
    }

    [Theory]
    [InlineData("( \"@method\"  \"@authority\" \"@path\" \"@query\" );created={0};nonce=\"{1}\";keyid=\"{2}\";alg=\"hmac-sha256\"")]
    [InlineData("(\"@method\" \"@authority\" \"@path\" \"@query\");created=000{0};  nonce=\"{1}\";keyid=\"{2}\"; alg=\"hmac-sha256\"")]
    [InlineData("(\"@method\" \"@authority\" \"@path\" \"@query\");created={0};nonce=\"{1}\";nonce=\"{1}\";keyid=\"{2}\";alg=\"hmac-sha256\"")]
    public async Task Signature_params_are_the_parameters_re_serialised_not_the_text_received(string sent)
    {
        var key = await KeyAsync();
        var created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var nonce = MessageSignature.NewNonce();
        var canonical = MessageSignature.SignatureParameters(MessageSignature.RequiredComponents, created, nonce, key.Key.Token);
        var signature = Sign(key, "localhost", "/api/v1/account", canonical) with { Input = "sig1=" + string.Format(sent, created, nonce, key.Key.Token) };

        var status = await SendAsync("/api/v1/account", "localhost", signature);

        Assert.Equal("200", status);
    }

    private async Task<CreatedKey> KeyAsync()
    {
        var login = $"edge.{Guid.NewGuid():n}";
        await app.CreateAccountAsync(login, "Edge", SystemRole.Administrators);
        return await app.CreateKeyAsync(login);
    }

    private static string Parameters(CreatedKey key) =>
        MessageSignature.SignatureParameters(MessageSignature.RequiredComponents, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), MessageSignature.NewNonce(), key.Key.Token);

    private static (string Input, string Signature) Sign(CreatedKey key, string authority, string path, string parameters)
    {
        var signatureBase = MessageSignature.SignatureBase(
            [new("@method", "GET"), new("@authority", authority), new("@path", path), new("@query", "?")], parameters);
        return ($"sig1={parameters}", $"sig1=:{MessageSignature.Sign(key.Secret, signatureBase)}:");
    }

    /// <summary>A raw HTTP/1.1 GET, so the request target and Host are exactly as written; returns the status code.</summary>
    private async Task<string> SendAsync(string target, string host, (string Input, string Signature) signature)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(app.BaseAddress.Host, app.BaseAddress.Port);
        var stream = tcp.GetStream();
        var request = $"GET {target} HTTP/1.1\r\nHost: {host}\r\nSignature-Input: {signature.Input}\r\nSignature: {signature.Signature}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var response = await reader.ReadToEndAsync();
        var status = response.Split(' ', 3)[1];
        var detail = System.Text.RegularExpressions.Regex.Match(response, "\"detail\":\"([^\"]*)").Groups[1].Value;
        return status == "200" ? status : $"{status} {detail}";
    }
}
