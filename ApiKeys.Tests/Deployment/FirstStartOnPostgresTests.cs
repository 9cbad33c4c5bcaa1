using ApiKeys.Tests.Support;
using Npgsql;

namespace ApiKeys.Tests.Deployment;

/// <summary>
/// A first start on PostgreSQL as a new operator makes it: a database that does not exist yet is created and migrated;
/// one that cannot be reached, created or used stops the app with one line saying what to do, never a stack trace.
/// </summary>
[Trait("Category", "Postgres")]
public sealed class FirstStartOnPostgresTests
{
    [Fact]
    public async Task A_missing_database_is_created_then_migrated_and_the_app_is_ready_to_sign_in()
    {
        var database = await PostgresServer.MissingDatabaseAsync();
        try
        {
            await using var app = new ApiKeysApp(null, postgres: database);

            using var browser = new BrowserSession(app.BaseAddress);
            Assert.Equal("/", await browser.SignInAndFollowAsync("admin", ApiKeysApp.AdminPassword));
            Assert.Contains(app.Logs.Lines, line => line.Contains("did not exist: created it"));
        }
        finally
        {
            await PostgresServer.DropDatabaseAsync(database);
        }
    }

    [Fact]
    public async Task Two_instances_starting_together_on_a_missing_database_both_come_up()
    {
        var database = await PostgresServer.MissingDatabaseAsync();
        try
        {
            var apps = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() => new ApiKeysApp(null, postgres: database))));
            foreach (var app in apps)
            {
                using var browser = new BrowserSession(app.BaseAddress);
                Assert.Equal("/", await browser.SignInAndFollowAsync("admin", ApiKeysApp.AdminPassword));
                await app.DisposeAsync();
            }
        }
        finally
        {
            await PostgresServer.DropDatabaseAsync(database);
        }
    }

    [Fact]
    public async Task A_user_that_may_not_create_the_missing_database_gets_one_line_saying_how_to_make_it()
    {
        var user = $"no_createdb_{Guid.NewGuid():n}"[..24];
        await PostgresServer.ExecuteAsync($"CREATE ROLE {user} LOGIN NOCREATEDB");
        var database = new NpgsqlConnectionStringBuilder(await PostgresServer.MissingDatabaseAsync()) { Username = user }.ToString();

        var exit = await StartAsync(database);

        var line = Assert.Single(exit.ErrorLines);
        Assert.StartsWith("ApiKeys cannot start: ConnectionStrings:ApiKeys: PostgreSQL at 127.0.0.1:", line);
        Assert.Contains($"does not exist and the user \"{user}\" may not create it", line);
        Assert.Contains($"createdb -h 127.0.0.1", line);
        Assert.Contains($"ALTER ROLE \"{user}\" CREATEDB", line);
    }

    [Fact]
    public async Task A_wrong_password_gets_one_line_naming_the_user_and_the_server()
    {
        await using var server = await PostgresServer.StartPrivateAsync(password: "Right-password-1");
        var wrong = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Password = "wrong", Database = "apikeys" }.ToString();

        var exit = await StartAsync(wrong);

        var line = Assert.Single(exit.ErrorLines);
        Assert.Contains("refused the user \"postgres\"", line);
        Assert.Contains("check Username and Password", line);
        Assert.DoesNotContain("Right-password-1", exit.Output + exit.Errors);
    }

    [Fact]
    public async Task A_server_that_does_not_answer_gets_one_line()
    {
        var closed = $"Host=127.0.0.1;Port={ThrowawayServer.FreePort()};Username=postgres;Database=apikeys;Timeout=3";

        var exit = await StartAsync(closed);

        var line = Assert.Single(exit.ErrorLines);
        Assert.Contains("nothing answers as PostgreSQL at 127.0.0.1:", line);
        Assert.Contains("start the server, or correct Host and Port", line);
    }

    [Fact]
    public async Task A_database_of_another_application_is_refused_untouched()
    {
        var database = await PostgresServer.CreateDatabaseAsync();
        try
        {
            await using (var connection = new NpgsqlConnection(database))
            {
                await connection.OpenAsync();
                await using var create = new NpgsqlCommand("CREATE TABLE orders (id int PRIMARY KEY)", connection);
                await create.ExecuteNonQueryAsync();
            }

            var exit = await StartAsync(database);

            var line = Assert.Single(exit.ErrorLines);
            Assert.Contains("holds 1 table(s) of another application and no ApiKeys migration history", line);
            await using var check = new NpgsqlConnection(database);
            await check.OpenAsync();
            await using var tables = new NpgsqlCommand("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'", check);
            Assert.Equal(1L, await tables.ExecuteScalarAsync());
        }
        finally
        {
            await PostgresServer.DropDatabaseAsync(database);
        }
    }

    [Fact]
    public async Task The_command_line_creates_a_missing_database_and_says_the_same_line_when_it_cannot()
    {
        var database = await PostgresServer.MissingDatabaseAsync();
        try
        {
            var listed = await AppProcess.RunAsync(Postgres(database), args: ["keys", "list"]);
            var refused = await AppProcess.RunAsync(Postgres($"Host=127.0.0.1;Port={ThrowawayServer.FreePort()};Username=postgres;Database=apikeys;Timeout=3"), args: ["keys", "list"]);

            Assert.Equal((0, "0 key(s)."), (listed.Code, listed.Output.Trim()));
            Assert.Equal(3, refused.Code);
            var line = Assert.Single(refused.ErrorLines);
            Assert.StartsWith("The database cannot be used, nothing was changed: ConnectionStrings:ApiKeys: nothing answers as PostgreSQL", line);
        }
        finally
        {
            await PostgresServer.DropDatabaseAsync(database);
        }
    }

    /// <summary>The app started as an operator starts it; it must stop by itself with exit code 1 and print no stack trace.</summary>
    private static async Task<AppProcess.Exit> StartAsync(string connectionString)
    {
        var exit = await AppProcess.RunAsync(Postgres(connectionString), args: ["--urls", "http://127.0.0.1:0"]);
        Assert.Equal(1, exit.Code);
        Assert.DoesNotContain("   at ", exit.Output + exit.Errors);
        return exit;
    }

    private static Dictionary<string, string> Postgres(string connectionString) =>
        new() { ["Database__Provider"] = "PostgreSql", ["ConnectionStrings__ApiKeys"] = connectionString };
}
