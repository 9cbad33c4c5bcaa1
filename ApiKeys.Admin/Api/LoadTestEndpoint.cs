namespace ApiKeys.Admin.Api;

/// <summary>
/// For scripts/load-test.sh only (<c>LoadTest:Enabled=true</c>): an unauthenticated twin of <c>GET /api/v1/account</c>
/// with the same pipeline and a response of the same shape, so a load test measures exactly what signing costs.
/// </summary>
internal static class LoadTestEndpoint
{
    public static void MapLoadTestTwin(this WebApplication app)
    {
        if (!app.Configuration.GetValue<bool>("LoadTest:Enabled"))
        {
            return;
        }

        var twin = new AccountResponse("load.test", "Load test", ["Integrations"], new KeyInUse(new string('0', 40), DateTimeOffset.UnixEpoch));
        app.MapGet("/load-test/account", () => TypedResults.Ok(twin)).AllowAnonymous().ExcludeFromDescription();
    }
}
