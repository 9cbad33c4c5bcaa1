using System.Text.Json.Serialization;
using ApiKeys.Domain.Accounts;
using Microsoft.AspNetCore.Authentication;
using Scalar.AspNetCore;

namespace ApiKeys.Admin.Api;

/// <summary>The HMAC-protected API under <c>/api/v1</c>, its OpenAPI document and its reference page.</summary>
public static class ApiSetup
{
    public const string CallerPolicy = "ApiCaller";
    public const string AdministratorPolicy = "ApiAdministrator";

    public static IServiceCollection AddApiKeysApi(this IServiceCollection services)
    {
        services.AddAuthentication(options => options.AddScheme<HmacAuthenticationHandler>(HmacAuthenticationHandler.SchemeName, null));
        services.AddTransient<HmacAuthenticationHandler>();
        services.AddAuthorizationBuilder()
            .AddPolicy(CallerPolicy, policy => policy.AddAuthenticationSchemes(HmacAuthenticationHandler.SchemeName).RequireAuthenticatedUser())
            .AddPolicy(AdministratorPolicy, policy => policy.AddAuthenticationSchemes(HmacAuthenticationHandler.SchemeName)
                .RequireAuthenticatedUser().RequireRole(SystemRole.Administrators));
        services.AddSingleton<ApiFailureAudit>();
        services.AddHostedService(sp => sp.GetRequiredService<ApiFailureAudit>());
        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        services.AddApiErrors();
        services.AddOpenApi(options => options.AddDocumentTransformer<HmacSecuritySchemeTransformer>());
        return services;
    }

    public static void MapApiKeysApi(this WebApplication app)
    {
        // Only the HMAC scheme is named in these policies, so a browser's cookie never authorizes the API.
        var api = app.MapGroup("/api/v1").RequireAuthorization(CallerPolicy).DisableAntiforgery().WithTags("API")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        api.MapAccountEndpoints();
        api.MapKeyEndpoints();

        app.MapOpenApi().AllowAnonymous();
        app.MapScalarApiReference("/api/reference", options => options.WithTitle("ApiKeys API").DisableDefaultFonts()).AllowAnonymous();
    }
}
