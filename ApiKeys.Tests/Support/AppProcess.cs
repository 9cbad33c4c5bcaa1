using System.Diagnostics;

namespace ApiKeys.Tests.Support;

/// <summary>
/// The built app run as an operator runs it, <c>dotnet ApiKeys.Admin.dll …</c> through its real entry point, until it
/// exits: what it printed and its exit code. A run that does not end within the time is killed and fails the test.
/// </summary>
public static class AppProcess
{
    public sealed record Exit(int Code, string Output, string Errors)
    {
        /// <summary>What went to standard error, line by line.</summary>
        public string[] ErrorLines => Errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    public static async Task<Exit> RunAsync(IReadOnlyDictionary<string, string> environment, TimeSpan? within = null, params string[] args)
    {
        var folder = Path.Combine(Path.GetTempPath(), "apikeys-tests", Guid.NewGuid().ToString("n"));
        Directory.CreateDirectory(folder);
        try
        {
            var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "ApiKeys.Admin.dll"), .. args])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = folder,
            };
            start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
            start.Environment["ConnectionStrings__ApiKeys"] = $"Data Source={Path.Combine(folder, "apikeys.db")}";
            start.Environment["Bootstrap__AdminPassword"] = "Process-test-password-1";
            foreach (var (name, value) in environment)
            {
                start.Environment[name] = value;
            }

            using var process = Process.Start(start)!;
            var errors = process.StandardError.ReadToEndAsync();
            var output = process.StandardOutput.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(within ?? TimeSpan.FromSeconds(60));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"'ApiKeys.Admin {string.Join(' ', args)}' did not exit within {within ?? TimeSpan.FromSeconds(60)}: {await output}");
            }

            return new Exit(process.ExitCode, await output, await errors);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
