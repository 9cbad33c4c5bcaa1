using ApiKeys.Domain;
using ApiKeys.Domain.Accounts;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace ApiKeys.Admin.Security;

/// <summary>
/// The admin UI: a cookie from signing in with an account in "System administrators" that has chosen its own password.
/// Only the cookie scheme is consulted, so an HMAC signature never authorizes a page.
/// </summary>
public static class AdminAuthorization
{
    public const string Policy = "Administrator";

    public static IServiceCollection AddAdminAuthorization(this IServiceCollection services)
    {
        services.AddAuthentication().AddIdentityCookies(); // the default scheme, by endpoint, is set in ApiSetup
        new IdentityBuilder(typeof(Account), typeof(SystemRole), services)
            .AddSignInManager()
            .AddUserConfirmation<ActiveAccountConfirmation>();

        // Every request re-reads the account when its cookie's last check is older than the interval: a deactivated
        // account, a changed password or a changed role (each changes the security stamp) loses the admin pages then.
        services.AddSettings<SessionOptions, SessionOptionsValidator>(SessionOptions.Section);
        services.AddOptions<SecurityStampValidatorOptions>().Configure<IOptions<SessionOptions>>((options, session) =>
            options.ValidationInterval = session.Value.SessionCheckInterval);
        services.ConfigureApplicationCookie(cookie =>
        {
            cookie.Cookie.Name = "ApiKeys.Auth";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.LoginPath = "/account/sign-in";
            cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
            cookie.SlidingExpiration = true;
            cookie.Events.OnRedirectToAccessDenied = context =>
            {
                if (context.HttpContext.User.HasClaim(c => c.Type == AccountClaimsPrincipalFactory.MustChangePasswordClaim))
                {
                    context.Response.Redirect("/account/password");
                }
                else
                {
                    context.Response.StatusCode = StatusCodes.Status403Forbidden; // the status page explains
                }

                return Task.CompletedTask;
            };
        });
        services.AddAuthorizationBuilder().AddPolicy(Policy, policy => policy
            .AddAuthenticationSchemes(IdentityConstants.ApplicationScheme)
            .RequireAuthenticatedUser()
            .RequireRole(SystemRole.Administrators)
            .RequireAssertion(context => !context.User.HasClaim(c => c.Type == AccountClaimsPrincipalFactory.MustChangePasswordClaim)));
        // The anti-forgery cookie is sent back only over HTTPS when the page came over HTTPS, like the sign-in cookie.
        services.AddAntiforgery(options => options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, AdministratorRevalidation>();
        return services;
    }

    /// <summary>A local return address, or the home page: never an open redirect.</summary>
    public static string LocalOrHome(string? returnUrl) =>
        returnUrl is { Length: > 0 } && returnUrl.StartsWith('/') && !returnUrl.StartsWith("//") && !returnUrl.StartsWith("/\\")
            && Uri.IsWellFormedUriString(returnUrl, UriKind.Relative)
            ? returnUrl
            : "/";
}
