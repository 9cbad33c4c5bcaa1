using ApiKeys.Admin.Security;

namespace ApiKeys.Admin.Components.Layout;

/// <summary>
/// Light, dark, or as the system prefers (<c>prefers-color-scheme</c>, the default): chosen with the theme switch and
/// remembered in a cookie for a year, like the language.
/// </summary>
public static class Themes
{
    public const string System = "system";
    public const string Light = "light";
    public const string Dark = "dark";

    public static readonly string[] Supported = [System, Light, Dark];

    private const string CookieName = "ApiKeys.Theme";

    /// <summary>The choice the request's cookie remembers, else <see cref="System"/>.</summary>
    public static string From(HttpContext http) =>
        http.Request.Cookies[CookieName] is { } chosen && Supported.Contains(chosen) ? chosen : System;

    /// <summary><c>GET /theme/{choice}?returnUrl=…</c> remembers the choice and goes back.</summary>
    public static void MapThemeSwitch(this WebApplication app) =>
        app.MapGet("/theme/{choice}", (string choice, string? returnUrl, HttpContext http) =>
        {
            if (Supported.Contains(choice))
            {
                http.Response.Cookies.Append(CookieName, choice,
                    new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, HttpOnly = true, SameSite = SameSiteMode.Lax });
            }

            return Results.LocalRedirect(AdminAuthorization.LocalOrHome(returnUrl));
        }).ExcludeFromDescription();
}
