using System.Text.Json;
using ApiKeys.Admin.CommandLine;
using Microsoft.Data.Sqlite;

namespace ApiKeys.Tests.CommandLine;

/// <summary>The command line on a real SQLite file, without the web server.</summary>
public sealed class CommandLineAppTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "apikeys-tests", Guid.NewGuid().ToString("n"));
    private readonly Dictionary<string, string?> _settings;

    public CommandLineAppTests()
    {
        Directory.CreateDirectory(_folder);
        _settings = new() { ["Database:Provider"] = "Sqlite", ["ConnectionStrings:ApiKeys"] = $"Data Source={Path.Combine(_folder, "cli.db")}" };
    }

    [Fact]
    public async Task A_headless_set_up_creates_a_role_an_account_and_a_key_then_lists_and_deletes_it()
    {
        Assert.Equal(0, (await RunAsync("roles", "create", "Integrations", "--api-calls")).Exit);
        Assert.Equal(0, (await RunAsync("accounts", "create", "--login", "integration.bot", "--display-name", "Integration bot", "--role", "Integrations")).Exit);

        var created = await RunAsync("keys", "create", "--account", "integration.bot", "--expires", DateTimeOffset.UtcNow.AddDays(30).ToString("O"), "--json");

        Assert.Equal(0, created.Exit);
        var key = JsonDocument.Parse(created.Output).RootElement;
        var token = key.GetProperty("token").GetString()!;
        Assert.Equal(64, Convert.FromBase64String(key.GetProperty("secret").GetString()!).Length);
        Assert.DoesNotContain("\\u002B", created.Output);
        var listed = JsonDocument.Parse((await RunAsync("keys", "list", "--json")).Output).RootElement;
        Assert.Equal(token, listed.EnumerateArray().Single().GetProperty("token").GetString());
        Assert.Contains("command line", listed[0].GetProperty("createdBy").GetString());
        Assert.False(listed[0].TryGetProperty("secret", out _));

        var deleted = await RunAsync("keys", "delete", token);

        Assert.Equal((0, "Deleted 1 key(s)."), (deleted.Exit, deleted.Output.Trim()));
        Assert.Equal("[]", (await RunAsync("keys", "list", "--json")).Output.Trim());
    }

    [Fact]
    public async Task Administrators_can_be_made_from_the_command_line()
    {
        var result = await RunAsync("accounts", "create", "--login", "root", "--display-name", "Root", "--password", "Correct-horse-9", "--role", "System administrators");
        var key = await RunAsync("keys", "create", "--account", "root", "--expires", DateTimeOffset.UtcNow.AddDays(1).ToString("O"));

        Assert.Equal(0, result.Exit);
        Assert.Equal(0, key.Exit);
        Assert.Contains("shown only now", key.Output);
    }

    [Fact]
    public async Task The_service_rules_apply_with_their_messages_and_a_non_zero_exit()
    {
        await RunAsync("roles", "create", "Readers");
        await RunAsync("accounts", "create", "--login", "reader", "--display-name", "Reader", "--role", "Readers");

        var past = await RunAsync("keys", "create", "--account", "reader", "--expires", "2020-01-01T00:00:00Z");
        var ineligible = await RunAsync("keys", "create", "--account", "reader", "--expires", DateTimeOffset.UtcNow.AddDays(1).ToString("O"));
        var unknown = await RunAsync("keys", "create", "--account", "nobody", "--expires", DateTimeOffset.UtcNow.AddDays(1).ToString("O"));
        var badDate = await RunAsync("keys", "create", "--account", "reader", "--expires", "next tuesday");
        var noRole = await RunAsync("accounts", "create", "--login", "x", "--display-name", "X", "--role", "Nope");
        var noKey = await RunAsync("keys", "delete", "0000");

        Assert.Equal((1, "The expiry date must be in the future."), (past.Exit, past.Errors.Trim()));
        Assert.Equal(1, ineligible.Exit);
        Assert.Contains("may not use the API", ineligible.Errors);
        Assert.Equal((1, "The account was not found."), (unknown.Exit, unknown.Errors.Trim()));
        Assert.Equal(2, badDate.Exit);
        Assert.Contains("ISO-8601", badDate.Errors);
        Assert.Equal(1, noRole.Exit);
        Assert.Contains("\"Nope\"", noRole.Errors);
        Assert.Equal(1, noKey.Exit);
    }

    [Fact]
    public async Task A_mistyped_command_or_option_shows_the_usage()
    {
        var command = await RunAsync("keys", "frobnicate");
        var option = await RunAsync("keys", "list", "--jsno");

        Assert.Equal(2, command.Exit);
        Assert.Contains("Usage:", command.Errors);
        Assert.Equal(2, option.Exit);
        Assert.Contains("--jsno", option.Errors);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private async Task<(int Exit, string Output, string Errors)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        var exit = await CommandLineApp.RunAsync(args, output, errors, _settings);
        return (exit, output.ToString(), errors.ToString());
    }
}
