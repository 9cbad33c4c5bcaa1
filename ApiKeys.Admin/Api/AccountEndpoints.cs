using System.Security.Claims;

namespace ApiKeys.Admin.Api;

internal static class AccountEndpoints
{
    public static void MapAccountEndpoints(this RouteGroupBuilder api) =>
        api.MapGet("/account", (ClaimsPrincipal caller) => TypedResults.Ok(new AccountResponse(
                caller.Identity!.Name!,
                caller.FindFirstValue(HmacAuthenticationHandler.DisplayNameClaim) ?? "",
                [.. caller.FindAll(ClaimTypes.Role).Select(c => c.Value)],
                new KeyInUse(
                    caller.FindFirstValue(HmacAuthenticationHandler.KeyTokenClaim)!,
                    DateTimeOffset.Parse(caller.FindFirstValue(HmacAuthenticationHandler.KeyExpiresClaim)!, System.Globalization.CultureInfo.InvariantCulture)))))
            .WithName("GetAccount")
            .WithSummary("The calling account and the key it signed with.");
}
