using ApiKeys.Admin.Localization;
using ApiKeys.Admin.Security;
using ApiKeys.Domain;
using ApiKeys.Domain.Accounts;
using ApiKeys.Domain.Hmac;
using ApiKeys.Domain.Storage;
using MudBlazor;
using MudBlazor.Services;

namespace ApiKeys.Admin;

/// <summary>The admin app's services and start-up steps, so Program.cs reads top to bottom.</summary>
public static class AdminServices
{
    public static IServiceCollection AddApiKeysAdmin(this IServiceCollection services)
    {
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices(options => options.SnackbarConfiguration.PositionClass = Defaults.Classes.Position.BottomRight);
        services.AddTransient<MudLocalizer, ResourceMudLocalizer>();
        services.AddAdminAuthorization();
        AbuseLimits.AddAbuseLimits(services);
        services.AddHttpContextAccessor();
        services.AddScoped<ICurrentActor, CurrentActor>();
        return services;
    }

    /// <summary>
    /// Applies migrations, seeds the built-in role and the first administrator; in Development also the demo data.
    /// Starts the replay store, so a store that forgets on restarts knows from when it remembers.
    /// </summary>
    public static async Task InitializeDatabaseAsync(this WebApplication app)
    {
        app.Services.GetRequiredService<IReplayStore>();
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(app.Lifetime.ApplicationStopping);
        await scope.ServiceProvider.GetRequiredService<AdministratorBootstrap>().EnsureAsync(app.Lifetime.ApplicationStopping);
        if (app.Environment.IsDevelopment())
        {
            await scope.ServiceProvider.GetRequiredService<DemoData>().SeedAsync(app.Lifetime.ApplicationStopping);
        }
    }
}
