using ApiKeys.Domain.Accounts;
using ApiKeys.Domain.Audit;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;

namespace ApiKeys.Admin.Security;

internal static class SignOutEndpoint
{
    /// <summary>
    /// <c>POST /account/sign-out</c>, only with the anti-forgery token of the form that posts it: another site's page
    /// cannot sign an administrator out. The endpoint binds no form, so it checks the token itself.
    /// </summary>
    public static void MapSignOut(this WebApplication app) =>
        app.MapPost("/account/sign-out", async (HttpContext http, IAntiforgery antiforgery, SignInManager<Account> signIn, AuditTrail audit) =>
        {
            if (!await antiforgery.IsRequestValidAsync(http))
            {
                return Results.StatusCode(StatusCodes.Status400BadRequest);
            }

            var login = http.User.Identity?.Name;
            await signIn.SignOutAsync();
            if (login is not null)
            {
                await audit.RecordAsync(AuditAction.SignedOut, login, actorName: login);
            }

            return Results.LocalRedirect("/account/sign-in");
        }).ExcludeFromDescription();
}
