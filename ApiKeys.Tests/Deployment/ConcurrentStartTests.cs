using ApiKeys.Tests.Support;

namespace ApiKeys.Tests.Deployment;

/// <summary>Instances started at the same moment on one new database, as a deployment does.</summary>
[Trait("Category", "Postgres")]
public sealed class ConcurrentStartTests
{
    [Fact]
    public async Task Three_instances_started_together_on_a_new_database_all_start_and_agree_on_the_first_administrator()
    {
        var database = await PostgresServer.CreateDatabaseAsync();

        var apps = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => new ApiKeysApp(null, postgres: database))));

        try
        {
            foreach (var app in apps)
            {
                using var browser = new BrowserSession(app.BaseAddress);
                Assert.Equal("/", await browser.SignInAndFollowAsync("admin", ApiKeysApp.AdminPassword));
            }
        }
        finally
        {
            foreach (var app in apps)
            {
                await app.DisposeAsync();
            }
        }
    }
}
