using ApiKeys.Admin;
using ApiKeys.Admin.Api;
using ApiKeys.Admin.CommandLine;
using ApiKeys.Admin.Components;
using ApiKeys.Admin.Components.Layout;
using ApiKeys.Admin.Export;
using ApiKeys.Admin.Gateway;
using ApiKeys.Admin.Localization;
using ApiKeys.Admin.Operations;
using ApiKeys.Admin.Security;
using ApiKeys.Domain;
using ApiKeys.Domain.Storage;

if (CommandLineApp.IsCommand(args))
{
    return await CommandLineApp.RunAsync(args, Console.Out, Console.Error);
}

try
{
    return await RunAsync(args);
}
catch (Exception exception) when (StartupFailure.Describe(exception) is { } setting)
{
    await Console.Error.WriteLineAsync($"ApiKeys cannot start, a setting is wrong: {setting}");
    return 1;
}
catch (DatabaseStartException database)
{
    await Console.Error.WriteLineAsync($"ApiKeys cannot start: {database.Message}");
    return 1;
}

static async Task<int> RunAsync(string[] args)
{
    var builder = WebApplication.CreateBuilder(args);
    OperatorSettings.ReadBesideTheApp(builder.Configuration);

    // Serve MudBlazor's assets from the build output in every environment, not only Development.
    builder.WebHost.UseStaticWebAssets();

    // Long query strings reach the app, which says what is wrong with them as a problem; only a request line past
    // 64 KB (or one Kestrel finds malformed, such as a NUL in the path) gets Kestrel's own empty 414 or 400.
    builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestLineSize = 64 * 1024);

    builder.Services.AddApiKeysDomain(builder.Configuration, builder.Environment.ContentRootPath);
    builder.Services.AddApiKeysAdmin();
    builder.Services.AddApiKeysApi();
    builder.Services.AddTelemetry(builder.Configuration);
    builder.Services.AddGateway(builder.Configuration);

    var app = builder.Build();

    // Every setting checked now, before anything starts or logs (the same checks ValidateOnStart would run later).
    app.Services.GetRequiredService<Microsoft.Extensions.Options.IStartupValidator>().Validate();
    app.CheckGatewayRoutes();
    await app.InitializeDatabaseAsync();

    app.UseProxyForwardedHeaders(app.Configuration);

    if (!app.Environment.IsDevelopment())
    {
        app.UseExceptionHandler("/Error", createScopeForErrors: true);
        app.UseHsts();
        app.UseHttpsRedirection();
    }

    app.UseAdminOffTheGatewayPort();
    app.UseGatewayRoutesFirst();

    app.UseSecurityHeaders();
    app.UseMiddleware<UnknownKeyRefusal>();
    app.UseApiErrors();
    app.UseApiKeysLocalization();
    app.UseRateLimiter();
    app.UseAuthentication();
    app.UseAuthorization();
    app.UseAntiforgery();

    app.MapStaticAssets();
    app.MapLanguageSwitch();
    app.MapThemeSwitch();
    app.MapSignOut();
    app.MapCsvExports();
    app.MapApiKeysApi();
    app.MapLoadTestTwin();
    app.MapHealthChecks("/health").AllowAnonymous();
    app.MapMetrics();
    app.MapGateway();
    app.MapRazorComponents<App>()
        .AddInteractiveServerRenderMode();

    await app.RunAsync();
    return 0;
}

/// <summary>Entry point, visible to the tests' application factory.</summary>
public partial class Program;
