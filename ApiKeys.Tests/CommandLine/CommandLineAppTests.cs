using System.Text.Json;
using ApiKeys.Admin.CommandLine;
using ApiKeys.Domain.Audit;
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
        Assert.Contains("system role was not found", noRole.Errors);
        Assert.Equal(1, noKey.Exit);
    }

    [Fact]
    public async Task A_mistyped_command_or_option_shows_the_usage()
    {
        var command = await RunAsync("keys", "frobnicate");
        var option = await RunAsync("keys", "list", "--jsno");

        Assert.Equal(2, command.Exit);
        Assert.Contains("frobnicate", command.Errors);
        Assert.Contains("See: ApiKeys.Admin keys --help", command.Errors);
        Assert.Equal(2, option.Exit);
        Assert.Contains("--jsno", option.Errors);
    }

    [Theory]
    [InlineData("Development")]
    [InlineData("Production")]
    public async Task Every_command_runs_under_Development_as_dotnet_run_starts_it_and_under_Production(string environment)
    {
        var role = await RunInAsync(environment, "roles", "create", "Integrations", "--api-calls");
        var account = await RunInAsync(environment, "accounts", "create", "--login=integration.bot", "--display-name=Integration bot", "--role", "Integrations");
        var key = await RunInAsync(environment, "keys", "create", "--account", "integration.bot", "--expires", DateTimeOffset.UtcNow.AddDays(30).ToString("O"));
        var roles = await RunInAsync(environment, "roles", "list");
        var accounts = await RunInAsync(environment, "accounts", "list", "--json");

        Assert.Equal((0, ""), (role.Exit, role.Errors));
        Assert.Equal((0, ""), (account.Exit, account.Errors));
        Assert.Equal((0, ""), (key.Exit, key.Errors));
        Assert.Contains("Integrations", roles.Output);
        Assert.True(JsonDocument.Parse(accounts.Output).RootElement.EnumerateArray().Single(a => a.GetProperty("login").GetString() == "integration.bot").GetProperty("mayUseApi").GetBoolean());
    }

    [Fact]
    public async Task Keys_show_prints_a_keys_properties_calls_per_day_and_audit_trail()
    {
        await RunAsync("roles", "create", "Integrations", "--api-calls");
        await RunAsync("accounts", "create", "--login", "integration.bot", "--display-name", "Integration bot", "--role", "Integrations");
        var created = JsonDocument.Parse((await RunAsync("keys", "create", "--account", "integration.bot", "--name", "Nightly export",
            "--expires", DateTimeOffset.UtcNow.AddDays(30).ToString("O"), "--json")).Output).RootElement;
        var token = created.GetProperty("token").GetString()!;
        await using (var db = new SqliteConnection(_settings["ConnectionStrings:ApiKeys"]))
        {
            await db.OpenAsync();
            var insert = db.CreateCommand();
            insert.CommandText = """
                INSERT INTO "KeyUsage" ("KeyId", "Hour", "Accepted", "Refused")
                SELECT "Id", $hour, 12, 3 FROM "AuthenticationKeys" WHERE "Token" = $token
                """;
            insert.Parameters.AddWithValue("$hour", DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 3600);
            insert.Parameters.AddWithValue("$token", token);
            Assert.Equal(1, await insert.ExecuteNonQueryAsync());
        }

        var shown = await RunAsync("keys", "show", token);
        var json = JsonDocument.Parse((await RunAsync("keys", "show", token, "--days", "7", "--json")).Output).RootElement;

        Assert.Equal(0, shown.Exit);
        Assert.Contains("Nightly export", shown.Output);
        Assert.Contains("Calls in the last 30 days (UTC): 12 accepted, 3 refused", shown.Output);
        Assert.Contains($"{DateTime.UtcNow:yyyy-MM-dd}          12 accepted           3 refused", shown.Output);
        Assert.Contains("key.created", shown.Output);
        Assert.Equal(7, json.GetProperty("usage").GetProperty("days").GetArrayLength());
        Assert.Equal(12, json.GetProperty("usage").GetProperty("accepted").GetInt64());
        Assert.Equal("key.created", json.GetProperty("trail")[0].GetProperty("action").GetString());
        Assert.Equal(1, (await RunAsync("keys", "show", new string('a', 40))).Exit);
        Assert.Equal(2, (await RunAsync("keys", "show", token, "--days", "91")).Exit);
    }

    [Fact]
    public async Task Accounts_get_an_e_mail_address_and_the_expiry_notice_says_what_it_lacks()
    {
        Assert.Equal(0, (await RunAsync("accounts", "create", "--login", "root", "--display-name", "Root", "--role", "System administrators", "--email", "root@example.com")).Exit);
        var badCreate = await RunAsync("accounts", "create", "--login", "other", "--display-name", "Other", "--email", "not an address");
        var bad = await RunAsync("accounts", "set-email", "root", "root@");
        var removed = await RunAsync("accounts", "set-email", "root");
        Assert.Equal(0, (await RunAsync("accounts", "set-email", "root", "ops@example.com")).Exit);
        var listed = JsonDocument.Parse((await RunAsync("accounts", "list", "--json")).Output).RootElement.EnumerateArray().Single(a => a.GetProperty("login").GetString() == "root");
        var notice = await RunAsync("notices", "send-expiry");

        Assert.Equal(1, badCreate.Exit);
        Assert.Contains("is not an e-mail address", badCreate.Errors);
        Assert.Contains("0 account(s).", (await RunAsync("accounts", "list", "--search", "other")).Output); // nothing was created
        Assert.Equal(1, bad.Exit);
        Assert.Contains("«root@» is not an e-mail address", bad.Errors);
        Assert.Equal((0, "root has no e-mail address now."), (removed.Exit, removed.Output.Trim()));
        Assert.Equal("ops@example.com", listed.GetProperty("email").GetString());
        Assert.Equal(1, notice.Exit);
        Assert.Contains("No SMTP server is configured", notice.Errors);
    }

    [Fact]
    public async Task The_refusals_an_outside_probe_met_say_why_and_change_nothing()
    {
        var revoke = await RunAsync("roles", "revoke-api-calls", "System administrators");
        await RunAsync("accounts", "create", "--login", "root", "--display-name", "Root", "--role", "System administrators");
        var token = JsonDocument.Parse((await RunAsync("keys", "create", "--account", "root", "--expires", DateTimeOffset.UtcNow.AddDays(30).ToString("O"), "--json")).Output)
            .RootElement.GetProperty("token").GetString()!;
        var first = await RunAsync("keys", "roll", token, "--grace", "24h");
        var second = await RunAsync("keys", "roll", token, "--grace", "1d");
        var hidden = await RunAsync("keys", "rename", token, "--name", "Export \u202Eexe.cod");

        Assert.Equal(1, revoke.Exit);
        Assert.Contains("may always use the API", revoke.Errors);
        Assert.Equal(0, first.Exit);
        Assert.Equal(1, second.Exit);
        Assert.Contains("already rolled", second.Errors);
        Assert.Equal(1, hidden.Exit);
        Assert.Contains("invisible formatting characters", hidden.Errors);
    }

    [Fact]
    public async Task Scopes_are_given_at_creation_changed_later_and_shown()
    {
        await RunAsync("accounts", "create", "--login", "root", "--display-name", "Root", "--role", "System administrators");
        var created = JsonDocument.Parse((await RunAsync("keys", "create", "--account", "root", "--expires", DateTimeOffset.UtcNow.AddDays(30).ToString("O"),
            "--scope", "orders", "--scope", "reporting", "--json")).Output).RootElement;
        var token = created.GetProperty("token").GetString()!;

        var shown = JsonDocument.Parse((await RunAsync("keys", "show", token, "--json")).Output).RootElement;
        var narrowed = await RunAsync("keys", "set-scopes", token, "--scope", "orders");
        var bad = await RunAsync("keys", "set-scopes", token, "--scope", "no spaces please");
        var both = await RunAsync("keys", "set-scopes", token, "--scope", "orders", "--all");
        var widened = await RunAsync("keys", "set-scopes", token, "--all");

        Assert.Equal(["orders", "reporting"], shown.GetProperty("key").GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal((0, $"The key {token} may now call orders."), (narrowed.Exit, narrowed.Output.Trim()));
        Assert.Equal(1, bad.Exit);
        Assert.Contains("is not a scope", bad.Errors);
        Assert.Equal(2, both.Exit);
        Assert.Equal(0, widened.Exit);
        Assert.Contains("every route", widened.Output);
    }

    [Fact]
    public async Task Limits_are_given_at_creation_set_cleared_and_shown_and_bad_ones_are_refused_with_their_option()
    {
        await RunAsync("accounts", "create", "--login", "root", "--display-name", "Root", "--role", "System administrators");
        var expires = DateTimeOffset.UtcNow.AddDays(30).ToString("O");
        var token = JsonDocument.Parse((await RunAsync("keys", "create", "--account", "root", "--expires", expires,
            "--allow-from", "203.0.113.0/24", "--allow-from", "2001:db8::/32", "--rate-limit", "6/min", "--quota", "1000", "--quota-refill", "monthly", "--json")).Output)
            .RootElement.GetProperty("token").GetString()!;

        var key = JsonDocument.Parse((await RunAsync("keys", "show", token, "--json")).Output).RootElement.GetProperty("key");
        var text = await RunAsync("keys", "show", token);
        var badRange = await RunAsync("keys", "create", "--account", "root", "--expires", expires, "--allow-from", "10.1.2.3/8");
        var badRate = await RunAsync("keys", "set-limits", token, "--rate-limit", "0/s");
        var badQuota = await RunAsync("keys", "set-limits", token, "--quota", "0");
        var refillAlone = await RunAsync("keys", "set-limits", token, "--quota-refill", "daily");
        var neither = await RunAsync("keys", "set-limits", token);
        var set = await RunAsync("keys", "set-limits", token, "--rate-limit", "100/s");
        var afterSet = JsonDocument.Parse((await RunAsync("keys", "show", token, "--json")).Output).RootElement.GetProperty("key");
        var cleared = await RunAsync("keys", "set-limits", token, "--clear");
        var afterClear = JsonDocument.Parse((await RunAsync("keys", "show", token, "--json")).Output).RootElement.GetProperty("key");

        Assert.Equal(["203.0.113.0/24", "2001:db8::/32"], key.GetProperty("allowFrom").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal((6, "minute"), (key.GetProperty("rateLimit").GetProperty("limit").GetInt32(), key.GetProperty("rateLimit").GetProperty("per").GetString()));
        var quota = key.GetProperty("quota");
        Assert.Equal((1000L, 1000L, "monthly"), (quota.GetProperty("limit").GetInt64(), quota.GetProperty("remaining").GetInt64(), quota.GetProperty("refill").GetString()));
        Assert.Contains("Allowed from: 203.0.113.0/24, 2001:db8::/32", text.Output);
        Assert.Contains("Rate limit:   6/min", text.Output);
        Assert.Contains("Quota:        1000 calls monthly, 1000 left", text.Output);
        foreach (var (refused, option) in new[] { (badRange, "--allow-from"), (badRate, "--rate-limit"), (badQuota, "--quota"), (refillAlone, "--quota-refill") })
        {
            Assert.Equal(2, refused.Exit);
            Assert.Contains(option, refused.Errors);
        }

        Assert.Contains("«10.1.2.3/8» is not an address range", badRange.Errors);
        Assert.Equal(2, neither.Exit);
        Assert.Equal((0, $"The key {token} has the limits: rate 100/s."), (set.Exit, set.Output.Trim()));
        Assert.Empty(afterSet.GetProperty("allowFrom").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, afterSet.GetProperty("quota").ValueKind);
        Assert.Equal(0, cleared.Exit);
        Assert.Equal(JsonValueKind.Null, afterClear.GetProperty("rateLimit").ValueKind);
        var trail = JsonDocument.Parse((await RunAsync("keys", "show", token, "--json")).Output).RootElement.GetProperty("trail");
        Assert.Equal(2, trail.EnumerateArray().Count(e => e.GetProperty("action").GetString() == "key.limits-changed"));
    }

    [Fact]
    public async Task Every_change_is_audited_with_the_command_line_as_the_actor()
    {
        await RunAsync("roles", "create", "Integrations");
        await RunAsync("roles", "grant-api-calls", "Integrations");
        await RunAsync("accounts", "create", "--login", "root", "--display-name", "Root", "--password", "Correct-horse-9", "--role", "System administrators");
        await RunAsync("accounts", "create", "--login", "integration.bot", "--display-name", "Integration bot");
        await RunAsync("accounts", "add-role", "integration.bot", "Integrations");
        var token = JsonDocument.Parse((await RunAsync("keys", "create", "--account", "integration.bot", "--expires", DateTimeOffset.UtcNow.AddDays(30).ToString("O"), "--json")).Output)
            .RootElement.GetProperty("token").GetString()!;
        Assert.Equal(0, (await RunAsync("keys", "set-expiry", token, "--expires", DateTimeOffset.UtcNow.AddDays(60).ToString("O"))).Exit);
        Assert.Equal((0, "Disabled 1 key(s); 0 already were."), (await RunAsync("keys", "disable", token)) is var d ? (d.Exit, d.Output.Trim()) : default);
        Assert.Equal(0, (await RunAsync("keys", "enable", token)).Exit);
        Assert.Equal(2, (await RunAsync("keys", "roll", token, "--grace", "5h")).Exit);
        Assert.Equal((0, $"The key {token} is now named «Nightly export»."), (await RunAsync("keys", "rename", token, "--name", "Nightly export")) is var r ? (r.Exit, r.Output.Trim()) : default);
        var rolled = JsonDocument.Parse((await RunAsync("keys", "roll", token, "--grace", "1h", "--json")).Output).RootElement.GetProperty("token").GetString()!;
        Assert.Equal(0, (await RunAsync("accounts", "deactivate", "integration.bot")).Exit);
        Assert.Equal(0, (await RunAsync("accounts", "reactivate", "integration.bot")).Exit);
        Assert.Equal(0, (await RunAsync("accounts", "remove-role", "integration.bot", "Integrations")).Exit);
        Assert.Equal(0, (await RunAsync("keys", "delete", rolled)).Exit);
        Assert.Equal(0, (await RunAsync("keys", "delete", token)).Exit);
        Assert.Equal(0, (await RunAsync("roles", "rename", "Integrations", "Partners")).Exit);
        Assert.Equal(0, (await RunAsync("roles", "delete", "Partners")).Exit);

        await using var db = new SqliteConnection(_settings["ConnectionStrings:ApiKeys"]);
        await db.OpenAsync();
        var command = db.CreateCommand();
        command.CommandText = "SELECT Action, Target, Actor FROM AuditLog ORDER BY At, Id";
        var entries = new List<(string Action, string Target, string Actor)>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                entries.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
            }
        }

        Assert.All(entries, e => Assert.StartsWith("command line (", e.Actor));
        Assert.Equal(
            [
                $"{AuditAction.RoleCreated} Integrations", $"{AuditAction.ApiCallsGranted} Integrations",
                $"{AuditAction.AccountCreated} root", $"{AuditAction.AccountAddedToRole} root",
                $"{AuditAction.AccountCreated} integration.bot", $"{AuditAction.AccountAddedToRole} integration.bot",
                AuditAction.KeyCreated, AuditAction.KeyExpiryChanged, AuditAction.KeyDisabled, AuditAction.KeyEnabled, AuditAction.KeyRenamed,
                AuditAction.KeyRolled, AuditAction.KeyCreated, // one transaction: their order within it is not kept
                $"{AuditAction.AccountDeactivated} integration.bot", $"{AuditAction.AccountReactivated} integration.bot",
                $"{AuditAction.AccountRemovedFromRole} integration.bot", AuditAction.KeyDeleted, AuditAction.KeyDeleted,
                $"{AuditAction.RoleRenamed} Partners", $"{AuditAction.RoleDeleted} Partners",
            ],
            RollPairInOrder([.. entries.Select(e => e.Action.StartsWith("key.", StringComparison.Ordinal) ? e.Action : $"{e.Action} {e.Target}")]));
    }

    [Fact]
    public async Task Help_is_everywhere_and_needs_no_database()
    {
        _settings["ConnectionStrings:ApiKeys"] = "Data Source=/nonexistent/folder/cli.db";
        foreach (var words in new[] { new[] { "--help" }, ["keys", "--help"], ["keys", "create", "--help"], ["accounts", "deactivate", "-h"], ["roles", "create", "--help"] })
        {
            var help = await RunAsync(words);
            Assert.Equal(0, help.Exit);
            Assert.Contains("Usage:", help.Output);
        }

        Assert.Contains("--expires", (await RunAsync("keys", "create", "--help")).Output);
        Assert.Contains("Exit codes", (await RunAsync("--help")).Output);
    }

    /// <summary>A roll writes its two entries in one transaction, at the same moment: puts them in the order it adds them.</summary>
    private static List<string> RollPairInOrder(List<string> actions)
    {
        var rolled = actions.IndexOf(AuditAction.KeyRolled);
        if (rolled > 0 && actions[rolled - 1] == AuditAction.KeyCreated && (rolled + 1 == actions.Count || actions[rolled + 1] != AuditAction.KeyCreated))
        {
            (actions[rolled - 1], actions[rolled]) = (actions[rolled], actions[rolled - 1]);
        }

        return actions;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    private Task<(int Exit, string Output, string Errors)> RunAsync(params string[] args) => RunInAsync("Testing", args);

    private async Task<(int Exit, string Output, string Errors)> RunInAsync(string environment, params string[] args)
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        var exit = await CommandLineApp.RunAsync(args, output, errors, _settings, environment);
        return (exit, output.ToString(), errors.ToString());
    }
}
