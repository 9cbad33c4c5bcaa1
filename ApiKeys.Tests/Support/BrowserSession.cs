using System.Net;
using System.Text.RegularExpressions;

namespace ApiKeys.Tests.Support;

/// <summary>An HTTP client that keeps cookies and does not follow redirects, and signs in through the real form.</summary>
public sealed partial class BrowserSession : IDisposable
{
    private readonly HttpClient _client;

    public BrowserSession(Uri baseAddress)
    {
        _client = new HttpClient(new SocketsHttpHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false, UseCookies = true })
        {
            BaseAddress = baseAddress,
        };
    }

    public Task<HttpResponseMessage> GetAsync(string path) => _client.GetAsync(path);

    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request) => _client.SendAsync(request);

    /// <summary>Posts the sign-in form with its anti-forgery token; the response is the form's answer (a redirect on success).</summary>
    public async Task<HttpResponseMessage> SignInAsync(string login, string password)
    {
        var form = await _client.GetStringAsync("/account/sign-in");
        var token = AntiforgeryToken().Match(form).Groups["token"].Value;
        return await _client.PostAsync("/account/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "sign-in",
            ["__RequestVerificationToken"] = token,
            ["Input.Login"] = login,
            ["Input.Password"] = password,
        }));
    }

    public async Task<string> SignInAndFollowAsync(string login, string password)
    {
        var response = await SignInAsync(login, password);
        return response.StatusCode == HttpStatusCode.Redirect
            ? response.Headers.Location is { IsAbsoluteUri: true } absolute ? absolute.PathAndQuery : response.Headers.Location!.ToString()
            : await response.Content.ReadAsStringAsync();
    }

    /// <summary>Posts a form to <paramref name="path"/> with the anti-forgery token found on <paramref name="page"/>, or none.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string path, string? page)
    {
        var fields = new Dictionary<string, string>();
        if (page is not null)
        {
            fields["__RequestVerificationToken"] = AntiforgeryToken().Match(await _client.GetStringAsync(page)).Groups["token"].Value;
        }

        return await _client.PostAsync(path, new FormUrlEncodedContent(fields));
    }

    public void Dispose() => _client.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"(?<token>[^\"]+)\"")]
    private static partial Regex AntiforgeryToken();
}
