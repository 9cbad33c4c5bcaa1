using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using System.Text.Json.Serialization;
using ApiKeys.Domain;
using ApiKeys.Domain.Accounts;
using ApiKeys.Domain.Keys;
using ApiKeys.Domain.Storage;
using Microsoft.AspNetCore.Identity;

namespace ApiKeys.Admin.CommandLine;

/// <summary>
/// Headless set-up and scripting on the configured database, without the web server:
/// <c>keys create|list|delete</c>, <c>accounts create</c>, <c>roles create</c>. Same service, rules and messages as the UI.
/// </summary>
public static class CommandLineApp
{
    public const string Usage = """
        Usage:
          ApiKeys.Admin keys create --account <login> --expires <ISO-8601> [--json]
          ApiKeys.Admin keys list [--json]
          ApiKeys.Admin keys delete <token>...
          ApiKeys.Admin accounts create --login <login> --display-name <name> [--password <password>] [--role <role>]...
          ApiKeys.Admin roles create <name> [--api-calls]
        Settings (database provider, connection string) come from appsettings.json and environment variables, as for the app.
        """;

    private static readonly string[] Groups = ["keys", "accounts", "roles"];
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // a secret reads as it is, "+" and all
        Converters = { new JsonStringEnumConverter() },
    };

    public static bool IsCommand(string[] args) => args.Length > 0 && Groups.Contains(args[0]);

    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter errors, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [.. args.SkipWhile(a => !a.StartsWith("--", StringComparison.Ordinal)).Where(IsSetting)] });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        builder.Logging.ClearProviders();
        builder.Services.AddApiKeysDomain(builder.Configuration, builder.Environment.ContentRootPath);
        builder.Services.AddSingleton<ICurrentActor>(new CommandLineActor());
        await using var app = builder.Build();

        try
        {
            await using (var init = app.Services.CreateAsyncScope())
            {
                await init.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(CancellationToken.None);
            }

            await using var scope = app.Services.CreateAsyncScope();
            var services = scope.ServiceProvider;
            var words = new CommandLineArguments(args.Skip(2).Where(a => !IsSetting(a)), new HashSet<string> { "--json", "--api-calls" });
            return (args[0], args.ElementAtOrDefault(1)) switch
            {
                ("keys", "create") => await CreateKeyAsync(services, words, output, errors),
                ("keys", "list") => await ListKeysAsync(services, words, output),
                ("keys", "delete") => await DeleteKeysAsync(services, words, output, errors),
                ("accounts", "create") => await CreateAccountAsync(services, words, output, errors),
                ("roles", "create") => await CreateRoleAsync(services, words, output, errors),
                _ => throw new CommandLineException($"Unknown command: {string.Join(' ', args.Take(2))}."),
            };
        }
        catch (CommandLineException mistake)
        {
            await errors.WriteLineAsync(mistake.Message);
            await errors.WriteLineAsync(Usage);
            return 2;
        }
    }

    /// <summary>Configuration given on the command line, such as <c>--Database:Provider=SqlServer</c>.</summary>
    private static bool IsSetting(string word) => word.StartsWith("--", StringComparison.Ordinal) && word.Contains('=');

    private static async Task<int> CreateKeyAsync(IServiceProvider services, CommandLineArguments words, TextWriter output, TextWriter errors)
    {
        var account = words.Required("--account");
        var expiresText = words.Required("--expires");
        var json = words.Flag("--json");
        words.RejectUnknown();
        if (!DateTimeOffset.TryParse(expiresText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var expiresAt))
        {
            throw new CommandLineException($"--expires must be an ISO-8601 date and time, such as 2027-01-31T23:59:59Z; got '{expiresText}'.");
        }

        var created = await services.GetRequiredService<IAuthenticationKeyService>().CreateAsync(account, expiresAt, CancellationToken.None);
        if (created.Failure is { } failure)
        {
            await errors.WriteLineAsync(failure.Message);
            return 1;
        }

        var key = created.Value!;
        if (json)
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(new { key.Key.Token, key.Secret, key.Key.ExpiresAt, Account = key.Key.AccountLogin }, Json));
        }
        else
        {
            await output.WriteLineAsync($"Account:   {key.Key.AccountDisplayName} ({key.Key.AccountLogin})");
            await output.WriteLineAsync($"Token:     {key.Key.Token}");
            await output.WriteLineAsync($"Secret:    {key.Secret}");
            await output.WriteLineAsync($"Expires:   {key.Key.ExpiresAt:u}");
            await output.WriteLineAsync("The secret is shown only now; ApiKeys keeps it encrypted and will not show it again.");
        }

        return 0;
    }

    private static async Task<int> ListKeysAsync(IServiceProvider services, CommandLineArguments words, TextWriter output)
    {
        var json = words.Flag("--json");
        words.RejectUnknown();
        var keys = await AllKeysAsync(services.GetRequiredService<IAuthenticationKeyService>());
        if (json)
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(keys.Select(k => new
            {
                k.Id, k.Token, Account = k.AccountLogin, k.AccountDisplayName, k.CreatedAt, k.CreatedBy, k.ExpiresAt, k.LastUsedAt, k.Status,
            }), Json));
            return 0;
        }

        foreach (var key in keys)
        {
            await output.WriteLineAsync($"{key.Token}  {key.AccountLogin,-24}  expires {key.ExpiresAt:yyyy-MM-dd}  {key.Status}");
        }

        await output.WriteLineAsync($"{keys.Count} key(s).");
        return 0;
    }

    private static async Task<int> DeleteKeysAsync(IServiceProvider services, CommandLineArguments words, TextWriter output, TextWriter errors)
    {
        words.RejectUnknown();
        if (words.Positional.Count == 0)
        {
            throw new CommandLineException("Name the tokens of the keys to delete.");
        }

        var keys = services.GetRequiredService<IAuthenticationKeyService>();
        var all = await AllKeysAsync(keys);
        var unknown = words.Positional.Where(token => all.All(k => k.Token != token)).ToList();
        if (unknown.Count > 0)
        {
            await errors.WriteLineAsync($"No key has the token {string.Join(", ", unknown)}; nothing was deleted.");
            return 1;
        }

        var deleted = await keys.DeleteAsync([.. all.Where(k => words.Positional.Contains(k.Token)).Select(k => k.Id)], CancellationToken.None);
        if (deleted.Failure is { } failure)
        {
            await errors.WriteLineAsync(failure.Message);
            return 1;
        }

        await output.WriteLineAsync($"Deleted {deleted.Value} key(s).");
        return 0;
    }

    private static async Task<int> CreateAccountAsync(IServiceProvider services, CommandLineArguments words, TextWriter output, TextWriter errors)
    {
        var login = words.Required("--login");
        var displayName = words.Required("--display-name");
        var password = words.Option("--password");
        var roles = words.Options("--role");
        words.RejectUnknown();

        var roleManager = services.GetRequiredService<RoleManager<SystemRole>>();
        var missing = new List<string>();
        foreach (var role in roles)
        {
            if (!await roleManager.RoleExistsAsync(role))
            {
                missing.Add(role);
            }
        }

        if (missing.Count > 0)
        {
            await errors.WriteLineAsync($"No system role is named {string.Join(", ", missing.Select(r => $"\"{r}\""))}; create it first with: roles create <name>.");
            return 1;
        }

        var accounts = services.GetRequiredService<UserManager<Account>>();
        var account = new Account { UserName = login, DisplayName = displayName };
        var created = password is null ? await accounts.CreateAsync(account) : await accounts.CreateAsync(account, password);
        if (!created.Succeeded)
        {
            await errors.WriteLineAsync(string.Join(Environment.NewLine, created.Errors.Select(e => e.Description)));
            return 1;
        }

        if (roles.Count > 0 && await accounts.AddToRolesAsync(account, roles) is { Succeeded: false } assigned)
        {
            await errors.WriteLineAsync(string.Join(Environment.NewLine, assigned.Errors.Select(e => e.Description)));
            return 1;
        }

        await output.WriteLineAsync($"Created account {login}{(roles.Count > 0 ? $" in {string.Join(", ", roles)}" : "")}.");
        return 0;
    }

    private static async Task<int> CreateRoleAsync(IServiceProvider services, CommandLineArguments words, TextWriter output, TextWriter errors)
    {
        var apiCalls = words.Flag("--api-calls");
        words.RejectUnknown();
        if (words.Positional.Count != 1)
        {
            throw new CommandLineException("Name the role: roles create <name> [--api-calls].");
        }

        var roles = services.GetRequiredService<RoleManager<SystemRole>>();
        var role = new SystemRole { Name = words.Positional[0] };
        var created = await roles.CreateAsync(role);
        if (created.Succeeded && apiCalls)
        {
            created = await roles.AddClaimAsync(role, new Claim(Permission.ClaimType, Permission.ApiCalls));
        }

        if (!created.Succeeded)
        {
            await errors.WriteLineAsync(string.Join(Environment.NewLine, created.Errors.Select(e => e.Description)));
            return 1;
        }

        await output.WriteLineAsync($"Created system role \"{role.Name}\"{(apiCalls ? " with the \"API calls\" permission" : "")}.");
        return 0;
    }

    private static async Task<List<AuthenticationKeyRow>> AllKeysAsync(IAuthenticationKeyService keys)
    {
        var all = new List<AuthenticationKeyRow>();
        for (var page = 0; ; page++)
        {
            var batch = await keys.QueryAsync(new KeyQuery(page, 500, KeySort.Created), CancellationToken.None);
            all.AddRange(batch.Items);
            if (batch.Items.Count < 500)
            {
                return all;
            }
        }
    }

    private sealed class CommandLineActor : ICurrentActor
    {
        public string Name { get; } = $"command line ({Environment.UserName}@{Environment.MachineName})";
    }
}
