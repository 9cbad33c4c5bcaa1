using ApiKeys.Domain.Accounts;
using ApiKeys.Domain.Audit;
using Microsoft.AspNetCore.Identity;

namespace ApiKeys.Admin.Security;

internal static class SignOutEndpoint
{
    /// <summary><c>POST /account/sign-out</c> (with the anti-forgery token of the form that posts it).</summary>
    public static void MapSignOut(this WebApplication app) =>
        app.MapPost("/account/sign-out", async (HttpContext http, SignInManager<Account> signIn, AuditTrail audit) =>
        {
            var login = http.User.Identity?.Name;
            await signIn.SignOutAsync();
            if (login is not null)
            {
                await audit.RecordAsync(AuditAction.SignedOut, login, actorName: login);
            }

            return Results.LocalRedirect("/account/sign-in");
        }).ExcludeFromDescription();
}
