using ApiKeys.Domain;
using ApiKeys.Domain.Keys;
using ApiKeys.Tests.Support;

namespace ApiKeys.Tests.Gateway;

/// <summary>
/// The app with gateway routes in front of a test upstream: <c>orders</c> (scope <c>orders</c>, <c>/orders/…</c>),
/// <c>reports</c> (scope <c>reporting</c>, <c>/reports/…</c>), <c>slow</c> (<c>/slow/…</c>, a 1-second timeout) and
/// <c>down</c> (<c>/down/…</c>, to a port nothing listens on).
/// </summary>
internal static class GatewayApp
{
    public static Dictionary<string, string?> Routes(Uri upstream, IReadOnlyDictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ReverseProxy:Routes:orders:ClusterId"] = "api",
            ["ReverseProxy:Routes:orders:Match:Path"] = "/orders/{**rest}",
            ["ReverseProxy:Routes:reports:ClusterId"] = "api",
            ["ReverseProxy:Routes:reports:Match:Path"] = "/reports/{**rest}",
            ["ReverseProxy:Routes:reports:Metadata:Scope"] = "reporting",
            ["ReverseProxy:Routes:slow:ClusterId"] = "slow",
            ["ReverseProxy:Routes:slow:Match:Path"] = "/slow/{**rest}",
            ["ReverseProxy:Routes:down:ClusterId"] = "down",
            ["ReverseProxy:Routes:down:Match:Path"] = "/down/{**rest}",
            ["ReverseProxy:Clusters:api:Destinations:one:Address"] = upstream.ToString(),
            ["ReverseProxy:Clusters:slow:Destinations:one:Address"] = upstream.ToString(),
            ["ReverseProxy:Clusters:slow:HttpRequest:ActivityTimeout"] = "00:00:01",
            ["ReverseProxy:Clusters:down:Destinations:one:Address"] = $"http://127.0.0.1:{ThrowawayServer.FreePort()}/",
        };
        foreach (var (key, value) in more ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <summary>A key of an account with "API calls", limited to the scopes given (none: every route).</summary>
    public static async Task<CreatedKey> KeyAsync(ApiKeysApp app, string login, string name, params string[] scopes)
    {
        if (!await app.WithAsync<Domain.Accounts.SystemRoleService, bool>(async roles => (await roles.ListAsync(CancellationToken.None)).Any(r => r.Name == "Integrations")))
        {
            await app.CreateRoleAsync("Integrations", apiCalls: true);
        }

        await app.CreateAccountAsync(login, name, "Integrations");
        var created = await app.WithAsync<IAuthenticationKeyService, Result<CreatedKey>>(keys =>
            keys.CreateAsync(new KeyDraft(login, DateTimeOffset.UtcNow.AddDays(30), name, Scopes: scopes), CancellationToken.None));
        Assert.True(created.Succeeded, created.Failure?.Message);
        return created.Value!;
    }
}
