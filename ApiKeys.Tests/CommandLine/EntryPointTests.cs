using ApiKeys.Admin.CommandLine;
using ApiKeys.Tests.Support;

namespace ApiKeys.Tests.CommandLine;

/// <summary>
/// The command line as an operator (or a cron job) runs it: <c>dotnet ApiKeys.Admin.dll …</c> through the real entry
/// point. Every group the command tree has is a command, answers and exits; none starts the web server.
/// </summary>
public sealed class EntryPointTests
{
    public static TheoryData<string> TopLevel => [.. CommandLineApp.Groups];

    [Theory]
    [MemberData(nameof(TopLevel))]
    public async Task Every_top_level_command_answers_help_and_exits_without_starting_the_server(string group)
    {
        var exit = await AppProcess.RunAsync(new Dictionary<string, string>(), within: TimeSpan.FromSeconds(60), args: [group, "--help"]);

        Assert.Equal(0, exit.Code);
        Assert.Contains(group, exit.Output);
        Assert.DoesNotContain("Now listening", exit.Output);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("--version")]
    public async Task The_roots_options_are_answered_by_the_command_line(string option)
    {
        var exit = await AppProcess.RunAsync(new Dictionary<string, string>(), args: [option]);

        Assert.Equal(0, exit.Code);
        Assert.DoesNotContain("Now listening", exit.Output);
    }

    [Fact]
    public async Task Notices_send_expiry_does_its_work_and_exits_as_a_cron_job_needs()
    {
        var exit = await AppProcess.RunAsync(new Dictionary<string, string>(), within: TimeSpan.FromSeconds(60), args: ["notices", "send-expiry"]);

        Assert.Equal(1, exit.Code); // no SMTP server is configured: refused, with the setting to set
        Assert.Contains("Notifications:Smtp:Host", exit.Errors);
        Assert.DoesNotContain("Now listening", exit.Output);
    }
}
