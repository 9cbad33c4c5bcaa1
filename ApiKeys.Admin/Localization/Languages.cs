using ApiKeys.Admin.Security;
using Microsoft.AspNetCore.Localization;

namespace ApiKeys.Admin.Localization;

/// <summary>The UI languages, chosen by a cookie the language switch sets, else by the browser.</summary>
public static class Languages
{
    public static readonly string[] Supported = ["en", "ru"];

    public static IApplicationBuilder UseApiKeysLocalization(this IApplicationBuilder app)
    {
        app.UseRequestLocalization(new RequestLocalizationOptions()
            .SetDefaultCulture(Supported[0])
            .AddSupportedCultures(Supported)
            .AddSupportedUICultures(Supported));
        return app;
    }

    /// <summary><c>GET /language/{culture}?returnUrl=…</c> remembers the choice for a year and goes back.</summary>
    public static void MapLanguageSwitch(this WebApplication app) =>
        app.MapGet("/language/{culture}", (string culture, string? returnUrl, HttpContext http) =>
        {
            if (Supported.Contains(culture))
            {
                http.Response.Cookies.Append(
                    CookieRequestCultureProvider.DefaultCookieName,
                    CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
                    new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, HttpOnly = true, SameSite = SameSiteMode.Lax });
            }

            return Results.LocalRedirect(AdminAuthorization.LocalOrHome(returnUrl));
        }).ExcludeFromDescription();
}
