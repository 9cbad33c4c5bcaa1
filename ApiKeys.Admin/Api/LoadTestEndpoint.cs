using ApiKeys.Admin.Api.Contracts;

namespace ApiKeys.Admin.Api;

/// <summary>
/// For scripts/load-test.sh only (<c>LoadTest:Enabled=true</c>): an unauthenticated twin of <c>GET /api/v1/account</c>
/// with the same pipeline (under <c>/api</c>, so with the API's error handling) and a response of the same shape, so a
/// load test measures exactly what signing costs.
/// </summary>
internal static class LoadTestEndpoint
{
    public static void MapLoadTestTwin(this WebApplication app)
    {
        if (!app.Configuration.GetValue<bool>("LoadTest:Enabled"))
        {
            return;
        }

        // Built per call from data held in memory, as GET /api/v1/account builds it from the cached key.
        IReadOnlyList<string> roles = ["Integrations"];
        var token = new string('0', 40);
        app.MapGet("/api/load-test/account", () => TypedResults.Ok(new AccountResponse("load.test", "Load test", roles, new KeyInUse(token, DateTimeOffset.UnixEpoch))))
            .AllowAnonymous().ExcludeFromDescription();
    }
}
