using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using ApiKeys.Domain.Accounts;
using ApiKeys.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace ApiKeys.Tests.Deployment;

/// <summary>
/// The SQLite file taken away or made read-only under the running app: no change is acknowledged that is not kept,
/// /health says so, and a restart that has to create a database says so loudly.
/// </summary>
public sealed class DatabaseFileTests
{
    [Fact]
    public async Task With_the_database_file_deleted_no_write_is_acknowledged_and_a_restart_warns_it_creates_a_new_one()
    {
        var folder = Path.Combine(Path.GetTempPath(), "apikeys-tests", Guid.NewGuid().ToString("n"));
        await using (var app = new ApiKeysApp(null, folder))
        {
            using var client = await AdministratorClientAsync(app);
            Assert.Equal(HttpStatusCode.Created, (await CreateKeyAsync(client)).StatusCode);

            foreach (var file in Directory.GetFiles(folder, "apikeys.db*"))
            {
                File.Delete(file);
            }

            var answers = new List<HttpStatusCode>();
            for (var i = 0; i < 10; i++)
            {
                answers.Add((await CreateKeyAsync(client)).StatusCode);
            }

            Assert.All(answers, status => Assert.Equal(HttpStatusCode.ServiceUnavailable, status));
            using var plain = app.PlainClient();
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await plain.GetAsync("/health")).StatusCode);
            using var browser = new BrowserSession(app.BaseAddress);
            Assert.Contains("The database cannot be written right now", WebUtility.HtmlDecode(await browser.SignInAndFollowAsync("admin", ApiKeysApp.AdminPassword)));
        }

        await using var restarted = new ApiKeysApp(null, folder);
        Assert.Contains(restarted.Logs.Lines, line => line.Contains("There is no database at") && line.Contains("creating a new, empty one"));
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task A_database_the_app_creates_is_in_write_ahead_log_mode()
    {
        await using var app = new ApiKeysApp();
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(app.Folder, "apikeys.db")};Mode=ReadOnly");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";

        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync()); // else every nonce's commit waits for the disk
    }

    [Fact]
    public async Task The_apps_SQLite_connections_wait_out_another_connections_write_in_SQLite_itself()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var db = await database.OpenAsync();
        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "PRAGMA busy_timeout";

        // Without it SQLite answers "busy" at once and Microsoft.Data.Sqlite sleeps 150 ms before trying again.
        Assert.Equal(5000L, (long)(await command.ExecuteScalarAsync())!);
    }

    [Fact]
    public async Task A_read_only_database_file_fails_changes_as_an_outage_and_health_says_so()
    {
        await using var app = new ApiKeysApp();
        using var client = await AdministratorClientAsync(app);
        Assert.Equal(HttpStatusCode.Created, (await CreateKeyAsync(client)).StatusCode);
        // The file and its write-ahead log; the shared-memory index stays as it is, mapped into the running process.
        var files = Directory.GetFiles(app.Folder, "apikeys.db*").Where(f => !f.EndsWith("-shm", StringComparison.Ordinal)).ToArray();
        await ChattrAsync("+i", files);
        try
        {
            using var plain = app.PlainClient();
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await plain.GetAsync("/health")).StatusCode);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await CreateKeyAsync(client)).StatusCode);
            using var browser = new BrowserSession(app.BaseAddress);
            var signIn = await browser.SignInAsync("admin", ApiKeysApp.AdminPassword);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, signIn.StatusCode);
            Assert.Contains("The database cannot be written right now", WebUtility.HtmlDecode(await signIn.Content.ReadAsStringAsync()));
        }
        finally
        {
            await ChattrAsync("-i", files);
        }

        using var after = app.PlainClient();
        Assert.Equal(HttpStatusCode.OK, (await after.GetAsync("/health")).StatusCode);
    }

    private static async Task<HttpClient> AdministratorClientAsync(ApiKeysApp app)
    {
        await app.CreateAccountAsync("file.admin", "File admin", SystemRole.Administrators);
        return app.SignedClient(await app.CreateKeyAsync("file.admin"));
    }

    private static async Task<HttpResponseMessage> CreateKeyAsync(HttpClient client) =>
        await client.PostAsJsonAsync("/api/v1/keys", new { account = "file.admin", expiresAt = DateTimeOffset.UtcNow.AddDays(30) });

    /// <summary>Makes files immutable (even to root, who ignores permission bits), or mutable again.</summary>
    private static async Task ChattrAsync(string flag, string[] files)
    {
        using var chattr = Process.Start(new ProcessStartInfo("chattr", [flag, .. files]) { RedirectStandardError = true })!;
        var errors = await chattr.StandardError.ReadToEndAsync();
        await chattr.WaitForExitAsync();
        Assert.True(chattr.ExitCode == 0, $"chattr {flag} needs root with CAP_LINUX_IMMUTABLE: {errors}");
    }
}
