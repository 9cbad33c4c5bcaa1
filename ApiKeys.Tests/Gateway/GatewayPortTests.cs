using System.Net;
using ApiKeys.Client;
using ApiKeys.Tests.Support;

namespace ApiKeys.Tests.Gateway;

/// <summary>The gateway on a port of its own: public there, while the admin answers only on its own port.</summary>
public sealed class GatewayPortTests
{
    [Fact]
    public async Task On_the_gateways_port_only_its_routes_and_health_answer_and_the_routes_answer_nowhere_else()
    {
        await using var upstream = await Upstream.StartAsync();
        await using var app = new ApiKeysApp(GatewayApp.Routes(upstream.Address), gatewayPort: ThrowawayServer.FreePort());
        var key = await GatewayApp.KeyAsync(app, "erp.exchange", "ERP exchange");
        using var gateway = new HttpClient(new HmacSigningHandler(new HmacCredentials(key.Key.Token, key.Secret)) { InnerHandler = new SocketsHttpHandler() })
        {
            BaseAddress = app.GatewayAddress,
        };
        using var admin = app.SignedClient(key);

        Assert.Equal(HttpStatusCode.OK, (await gateway.GetAsync("/orders/1")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await gateway.GetAsync("/health")).StatusCode);
        foreach (var path in new[] { "/api/v1/account", "/administration/infrastructure/authentication-keys", "/account/sign-in", "/metrics", "/openapi/v1.json" })
        {
            var response = await gateway.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{path} on the gateway's port: {response.StatusCode}");
        }

        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/v1/account")).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await admin.GetAsync("/orders/1")).StatusCode);
        Assert.Single(upstream.Requests);
    }

    [Theory]
    [InlineData("/api/{**rest}", "ReverseProxy:Routes:bad:Match:Path '/api/{**rest}' would take the admin's own paths")]
    [InlineData("/{**everything}", "ReverseProxy:Routes:bad:Match:Path '/{**everything}' would take the admin's own paths")]
    public async Task A_route_that_would_shadow_the_admin_stops_the_app_with_one_line_naming_it(string path, string line)
    {
        var exit = await AppProcess.RunAsync(new Dictionary<string, string>
        {
            ["ReverseProxy__Routes__bad__ClusterId"] = "api",
            ["ReverseProxy__Routes__bad__Match__Path"] = path,
            ["ReverseProxy__Clusters__api__Destinations__one__Address"] = "http://127.0.0.1:9/",
        }, args: ["--urls", "http://127.0.0.1:0"]);

        Assert.Equal(1, exit.Code);
        Assert.Contains(line, Assert.Single(exit.ErrorLines));
    }

    [Fact]
    public async Task A_route_whose_scope_is_not_a_name_stops_the_app_with_one_line()
    {
        var exit = await AppProcess.RunAsync(new Dictionary<string, string>
        {
            ["ReverseProxy__Routes__orders__ClusterId"] = "api",
            ["ReverseProxy__Routes__orders__Match__Path"] = "/orders/{**rest}",
            ["ReverseProxy__Routes__orders__Metadata__Scope"] = "orders and more",
            ["ReverseProxy__Clusters__api__Destinations__one__Address"] = "http://127.0.0.1:9/",
        }, args: ["--urls", "http://127.0.0.1:0"]);

        Assert.Equal(1, exit.Code);
        Assert.Contains("ReverseProxy:Routes:orders: its scope 'orders and more'", Assert.Single(exit.ErrorLines));
    }
}
