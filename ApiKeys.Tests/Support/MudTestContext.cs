using System.Globalization;
using ApiKeys.Admin.Gateway;
using ApiKeys.Admin.Localization;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MudBlazor;
using MudBlazor.Services;
using Yarp.ReverseProxy.Configuration;

namespace ApiKeys.Tests.Support;

/// <summary>bunit with MudBlazor's services, the app's real texts and a fixed clock.</summary>
public abstract class MudTestContext : BunitContext, IAsyncLifetime
{
    private readonly CultureInfo _culture = CultureInfo.CurrentCulture;
    private readonly CultureInfo _uiCulture = CultureInfo.CurrentUICulture;

    protected MudTestContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddLocalization();
        Services.AddTransient<MudLocalizer, ResourceMudLocalizer>();
        Services.AddSingleton<TimeProvider>(Clock);
        // Two gateway routes for the key dialogs' scopes: orders (its id) and reports (scope "reporting").
        Services.AddSingleton(new GatewayRoutes(new InMemoryConfigProvider(
            [
                new RouteConfig { RouteId = "orders", ClusterId = "api", Match = new RouteMatch { Path = "/orders/{**rest}" } },
                new RouteConfig { RouteId = "reports", ClusterId = "api", Match = new RouteMatch { Path = "/reports/{**rest}" }, Metadata = new Dictionary<string, string> { ["Scope"] = "reporting" } },
            ],
            [new ClusterConfig { ClusterId = "api", Destinations = new Dictionary<string, DestinationConfig> { ["one"] = new() { Address = "http://127.0.0.1:9/" } } }])));
        UseCulture("en");
    }

    protected FakeTimeProvider Clock { get; } = new(TestDatabase.Start);

    protected static void UseCulture(string name)
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(name);
    }

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync()
    {
        CultureInfo.CurrentCulture = _culture;
        CultureInfo.CurrentUICulture = _uiCulture;
        await base.DisposeAsync();
    }
}
