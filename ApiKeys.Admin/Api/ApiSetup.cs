using System.Text.Json.Serialization;
using ApiKeys.Domain.Accounts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Scalar.AspNetCore;

namespace ApiKeys.Admin.Api;

/// <summary>The HMAC-protected API under <c>/api/v1</c>, its OpenAPI document and its reference page.</summary>
public static class ApiSetup
{
    public const string CallerPolicy = "ApiCaller";
    public const string AdministratorPolicy = "ApiAdministrator";

    /// <summary>The default scheme: HMAC for the endpoints marked <see cref="HmacSigned"/>, the admin cookie elsewhere.</summary>
    public const string ByEndpointScheme = "ByEndpoint";

    public static IServiceCollection AddApiKeysApi(this IServiceCollection services)
    {
        // One scheme by default that forwards by endpoint: an API endpoint authenticates, challenges and forbids with
        // the HMAC signature only, everything else with the admin cookie. An API call is so authenticated once, by the
        // authentication middleware, and its policy reads that principal instead of authenticating again.
        services.AddAuthentication(options =>
        {
            options.AddScheme<HmacAuthenticationHandler>(HmacAuthenticationHandler.SchemeName, null);
            options.DefaultScheme = ByEndpointScheme;
        }).AddPolicyScheme(ByEndpointScheme, null, scheme => scheme.ForwardDefaultSelector = context =>
            context.GetEndpoint()?.Metadata.GetMetadata<HmacSigned>() is not null ? HmacAuthenticationHandler.SchemeName : IdentityConstants.ApplicationScheme);
        services.AddTransient<HmacAuthenticationHandler>();
        services.AddAuthorizationBuilder()
            .AddPolicy(CallerPolicy, policy => policy.RequireAssertion(SignedWithHmac))
            .AddPolicy(AdministratorPolicy, policy => policy.RequireAssertion(SignedWithHmac).RequireRole(SystemRole.Administrators));
        services.AddSingleton<ApiFailureAudit>();
        services.AddSingleton<HmacRefusals>();
        services.AddHostedService(sp => sp.GetRequiredService<ApiFailureAudit>());
        services.ConfigureHttpJsonOptions(options => options.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        services.AddApiErrors();
        services.AddOpenApi(options => options.AddDocumentTransformer<HmacSecuritySchemeTransformer>());
        return services;
    }

    public static void MapApiKeysApi(this WebApplication app)
    {
        // The HMAC scheme alone authenticates these endpoints and the policies accept only its principal, so a
        // browser's cookie never authorizes the API.
        var api = app.MapGroup("/api/v1").WithMetadata(HmacSigned.Instance).RequireAuthorization(CallerPolicy).DisableAntiforgery().WithTags("API")
            .ProducesProblem(StatusCodes.Status401Unauthorized).ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        api.MapAccountEndpoints();
        api.MapKeyEndpoints();

        app.MapOpenApi().AllowAnonymous();
        app.MapScalarApiReference("/api/reference", options => options.WithTitle("ApiKeys API").DisableDefaultFonts()).AllowAnonymous();
    }

    /// <summary>Signed in by the HMAC scheme (an identity with an authentication type is an authenticated one).</summary>
    private static bool SignedWithHmac(AuthorizationHandlerContext context) =>
        context.User.Identity?.AuthenticationType == HmacAuthenticationHandler.SchemeName;
}
