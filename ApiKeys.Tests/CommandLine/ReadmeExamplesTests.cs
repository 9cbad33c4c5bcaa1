using System.Text.RegularExpressions;
using ApiKeys.Admin.CommandLine;
using ApiKeys.Domain.Keys;

namespace ApiKeys.Tests.CommandLine;

/// <summary>
/// Every <c>dotnet run -- …</c> line of the README, as a reader copies it (placeholders filled, each alternative of a
/// <c>a | b</c> line, optional parts included), is a command the command line understands.
/// </summary>
public sealed partial class ReadmeExamplesTests
{
    public static TheoryData<string> Examples()
    {
        var readme = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "README.md"));
        var examples = new TheoryData<string>();
        foreach (Match line in ExampleLine().Matches(readme))
        {
            var words = line.Groups["words"].Value.Split('#')[0].Trim();
            var alternatives = words.Split(" | ");
            var group = alternatives[0].Split(' ')[0];
            examples.Add(Filled(alternatives[0]));
            foreach (var alternative in alternatives.Skip(1))
            {
                examples.Add(Filled($"{group} {alternative}"));
            }
        }

        return examples;
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void The_readmes_command_line_examples_are_understood(string example)
    {
        var errors = CommandLineApp.UsageErrors(Words(example));

        Assert.True(errors.Count == 0, $"{example}: {string.Join(" ", errors)}");
    }

    [Theory]
    [InlineData("0", 0)]
    [InlineData("1h", 1)]
    [InlineData("24h", 24)]
    [InlineData("1d", 24)]
    [InlineData("7d", 168)]
    [InlineData("168h", 168)]
    [InlineData("30d", 720)]
    [InlineData("1.00:00:00", 24)]
    public void A_grace_is_read_in_hours_or_days_alike(string text, int hours) => Assert.Equal(TimeSpan.FromHours(hours), KeyRolls.Parse(text));

    [Theory]
    [InlineData("2h")]
    [InlineData("forever")]
    [InlineData("-1h")]
    public void A_grace_not_offered_is_refused(string text) => Assert.Null(KeyRolls.Parse(text));

    private static string Filled(string words) =>
        OptionalPart().Replace(words, "$1")
            .Replace("<token>...", Token).Replace("<token>", Token)
            .Replace("<login>", "admin").Replace("<role>", "Integrations").Replace("<new-name>", "Readers").Replace("<name>", "Integrations")
            .Replace("<address>", "ops@example.com").Replace("\"…\"", "\"Pulls stock hourly\"");

    private const string Token = "0123456789abcdef0123456789abcdef01234567";

    /// <summary>The words as a shell splits them: quoted parts stay one word.</summary>
    private static string[] Words(string line) => [.. ShellWord().Matches(line).Select(m => m.Groups["quoted"].Success ? m.Groups["quoted"].Value : m.Value)];

    [GeneratedRegex(@"^dotnet run -- (?<words>.+)$", RegexOptions.Multiline)]
    private static partial Regex ExampleLine();

    [GeneratedRegex(@"\[([^\]]*)\]")]
    private static partial Regex OptionalPart();

    [GeneratedRegex("\"(?<quoted>[^\"]*)\"|\\S+")]
    private static partial Regex ShellWord();
}
