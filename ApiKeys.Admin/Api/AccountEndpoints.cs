using ApiKeys.Admin.Api.Contracts;
using ApiKeys.Domain.Hmac;
using Microsoft.AspNetCore.Http.Features;

namespace ApiKeys.Admin.Api;

internal static class AccountEndpoints
{
    public static void MapAccountEndpoints(this RouteGroupBuilder api) =>
        api.MapGet("/account", (HttpContext context) =>
            {
                // Set by HmacAuthenticationHandler on every call the API's policy lets through.
                var key = context.Features.GetRequiredFeature<KeyCredential>();
                return TypedResults.Ok(new AccountResponse(key.Login, key.DisplayName, key.Roles, new KeyInUse(key.Token, key.ExpiresAt)));
            })
            .WithName("GetAccount")
            .WithSummary("The calling account and the key it signed with.");
}
