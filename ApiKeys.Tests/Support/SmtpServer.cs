using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using MimeKit;

namespace ApiKeys.Tests.Support;

/// <summary>
/// A real SMTP server for the tests: smtp4dev (the repository's .NET tool, <c>dotnet tool restore</c>) on loopback with
/// an in-memory store; the messages it received are read back through its web API. A test that cannot start it fails
/// with the reason; it is never skipped.
/// </summary>
public sealed class SmtpServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly HttpClient _api;

    private SmtpServer(Process process, int smtpPort, int webPort)
    {
        (_process, SmtpPort) = (process, smtpPort);
        _api = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{webPort}") };
    }

    public int SmtpPort { get; }

    public static async Task<SmtpServer> StartAsync()
    {
        var (smtp, web) = (ThrowawayServer.FreePort(), ThrowawayServer.FreePort());
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = RepositoryRoot(), RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[]
        {
            "tool", "run", "smtp4dev", "--", $"--urls=http://127.0.0.1:{web}", $"--smtpport={smtp}", "--imapport=0", "--pop3port=0",
            "--db=", "--nousersettings", "--bindaddress=127.0.0.1", "--hostname=localhost",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        var log = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, line) => { lock (log) { log.AppendLine(line.Data); } };
        process.ErrorDataReceived += (_, line) => { lock (log) { log.AppendLine(line.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new SmtpServer(process, smtp, web);
        // Up when its API answers; a process that has exited will not come up.
        if (await Eventually.TrueAsync(async () => process.HasExited || await server.AnswersAsync(), within: TimeSpan.FromSeconds(90), every: TimeSpan.FromMilliseconds(250))
            && !process.HasExited)
        {
            return server;
        }

        await server.DisposeAsync();
        lock (log)
        {
            throw new InvalidOperationException($"smtp4dev did not start (run 'dotnet tool restore' in the repository): {log}");
        }
    }

    /// <summary>Every message received so far, oldest first.</summary>
    public async Task<IReadOnlyList<MimeMessage>> MessagesAsync()
    {
        var page = await _api.GetFromJsonAsync<JsonElement>("/api/messages?pageSize=1000");
        var messages = new List<MimeMessage>();
        foreach (var summary in page.GetProperty("results").EnumerateArray().Reverse())
        {
            await using var source = await _api.GetStreamAsync($"/api/messages/{summary.GetProperty("id").GetString()}/raw");
            messages.Add(await MimeMessage.LoadAsync(source));
        }

        return messages;
    }

    public async Task ClearAsync() => (await _api.DeleteAsync("/api/messages/*")).EnsureSuccessStatusCode();

    private async Task<bool> AnswersAsync()
    {
        try
        {
            return (await _api.GetAsync("/api/messages")).IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false; // not listening yet
        }
    }

    public async ValueTask DisposeAsync()
    {
        _api.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "dotnet-tools.json")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (with dotnet-tools.json) is not above the test binaries.");
    }
}
