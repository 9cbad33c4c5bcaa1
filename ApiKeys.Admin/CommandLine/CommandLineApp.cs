using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;

namespace ApiKeys.Admin.CommandLine;

/// <summary>
/// Headless set-up and scripting on the configured database, without the web server: <c>keys</c>, <c>accounts</c> and
/// <c>roles</c>, each change through the same audited domain services as the pages, with the actor
/// "command line (user@machine)". Settings come as for the app, and also as <c>--Section:Key=value</c> words.
/// </summary>
public static class CommandLineApp
{
    /// <summary>The exit codes, documented in the README.</summary>
    public const int Done = 0, Refused = 1, WrongUsage = 2, DatabaseUnreachable = 3;

    /// <summary>
    /// Whether the words name a command (or ask the root for help or its version), as the command tree itself says:
    /// a group added to the tree is a command at once, and never starts the web server.
    /// </summary>
    public static bool IsCommand(string[] args)
    {
        if (args.FirstOrDefault(word => !IsSetting(word)) is not { } first)
        {
            return false;
        }

        var root = Root(new CommandLineSession([], null, null, TextWriter.Null, TextWriter.Null));
        return root.Subcommands.Any(command => command.Name == first || command.Aliases.Contains(first))
            || root.Options.Any(option => option.Name == first || option.Aliases.Contains(first));
    }

    /// <summary>The top-level groups, as the tree has them (for the tests that run each through the real entry point).</summary>
    internal static IEnumerable<string> Groups => Root(new CommandLineSession([], null, null, TextWriter.Null, TextWriter.Null)).Subcommands.Select(c => c.Name);

    /// <summary>What is wrong with the words as the command tree reads them, without running anything (for the README's examples).</summary>
    internal static IReadOnlyList<string> UsageErrors(string[] args) =>
        [.. Root(new CommandLineSession([], null, null, TextWriter.Null, TextWriter.Null)).Parse([.. args.Where(a => !IsSetting(a))]).Errors.Select(e => e.Message)];

    public static async Task<int> RunAsync(
        string[] args, TextWriter output, TextWriter errors, IReadOnlyDictionary<string, string?>? settings = null, string? environment = null)
    {
        var session = new CommandLineSession([.. args.Where(IsSetting)], settings, environment, output, errors);
        var root = Root(session);
        var parsed = root.Parse([.. args.Where(a => !IsSetting(a))]);
        if (parsed.Errors.Count > 0 && parsed.Action is not HelpAction)
        {
            foreach (var error in parsed.Errors)
            {
                await errors.WriteLineAsync(error.Message);
            }

            await errors.WriteLineAsync($"See: {string.Join(' ', CommandPath(parsed.CommandResult))} --help");
            return WrongUsage;
        }

        return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = errors, EnableDefaultExceptionHandler = false });
    }

    private static RootCommand Root(CommandLineSession session) => new("""
            ApiKeys: the authentication keys with which external systems call the API under HMAC authentication.
            Works on the database the app is configured for (appsettings.json, environment variables, --Section:Key=value).
            Exit codes: 0 done, 1 refused by a rule (the reason is printed), 2 wrong usage, 3 database unreachable or unusable.
            """)
        {
            KeyCommands.Create(session),
            AccountCommands.Create(session),
            RoleCommands.Create(session),
            NoticeCommands.Create(session),
        };

    /// <summary>
    /// A configuration setting, such as <c>--Database:Provider=SqlServer</c>: a section path before the <c>=</c>.
    /// Options never hold a colon in their name, so <c>--login=x</c> stays an option.
    /// </summary>
    private static bool IsSetting(string word) =>
        word.StartsWith("--", StringComparison.Ordinal) && word.IndexOf('=') is > 2 and var equals && word.AsSpan(2, equals - 2).Contains(':');

    private static IEnumerable<string> CommandPath(CommandResult? command)
    {
        var names = new Stack<string>();
        for (var at = command; at is not null; at = at.Parent as CommandResult)
        {
            names.Push(at.Parent is null ? "ApiKeys.Admin" : at.Command.Name);
        }

        return names;
    }
}
