using System.Text.Json;
using System.Text.Json.Serialization;
using ApiKeys.Domain;
using ApiKeys.Domain.Storage;

namespace ApiKeys.Admin.CommandLine;

/// <summary>
/// What every command shares: the app's services on its configured database (built only when a command runs, so
/// <c>--help</c> and usage mistakes need no database), the output, and how outcomes become exit codes.
/// </summary>
internal sealed class CommandLineSession(
    string[] settingArgs, IReadOnlyDictionary<string, string?>? settings, string? environment, TextWriter output, TextWriter errors)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // a secret reads as it is, "+" and all
        Converters = { new JsonStringEnumConverter() },
    };

    public TextWriter Output => output;

    /// <summary>Runs a command's work in a scope of the app's services, once the database is migrated.</summary>
    public async Task<int> RunAsync(Func<IServiceProvider, CancellationToken, Task<int>> work, CancellationToken cancellationToken)
    {
        try
        {
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = settingArgs, EnvironmentName = environment });
            OperatorSettings.ReadBesideTheApp(builder.Configuration);
            if (settings is not null)
            {
                builder.Configuration.AddInMemoryCollection(settings);
            }

            builder.Logging.ClearProviders();
            builder.Services.AddApiKeysDomain(builder.Configuration, builder.Environment.ContentRootPath);
            builder.Services.AddSingleton<ICurrentActor>(new CommandLineActor());
            await using var app = builder.Build();
            await using (var init = app.Services.CreateAsyncScope())
            {
                await init.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(cancellationToken);
            }

            await using var scope = app.Services.CreateAsyncScope();
            return await work(scope.ServiceProvider, cancellationToken);
        }
        catch (Exception exception) when (StartupFailure.Describe(exception) is { } setting)
        {
            await errors.WriteLineAsync($"A setting is wrong: {setting}");
            return CommandLineApp.WrongUsage;
        }
        catch (DatabaseStartException database)
        {
            await errors.WriteLineAsync($"The database cannot be used, nothing was changed: {database.Message}");
            return CommandLineApp.DatabaseUnreachable;
        }
        catch (Exception exception) when (DatabaseUnavailable.IsCause(exception))
        {
            await errors.WriteLineAsync($"The database cannot be reached, nothing was changed: {exception.GetBaseException().Message}");
            return CommandLineApp.DatabaseUnreachable;
        }
    }

    /// <summary>A rule refused the change: its reason, and exit code 1.</summary>
    public async Task<int> RefuseAsync(string reason)
    {
        await errors.WriteLineAsync(reason);
        return CommandLineApp.Refused;
    }

    public Task<int> RefuseAsync(Failure failure) => RefuseAsync(failure.Message);

    /// <summary>A change's outcome: its line when done (exit 0), its reason when a rule refused it (exit 1).</summary>
    public Task<int> ReportAsync<T>(Result<T> result, Func<T, string> done) =>
        result.Failure is { } failure ? RefuseAsync(failure) : SayAsync(done(result.Value!));

    /// <summary>A change's outcome: what <paramref name="done"/> shows, or the reason a rule refused it (exit 1).</summary>
    public Task<int> ReportAsync<T>(Result<T> result, Func<T, Task<int>> done) =>
        result.Failure is { } failure ? RefuseAsync(failure) : done(result.Value!);

    public async Task<int> SayAsync(string line)
    {
        await output.WriteLineAsync(line);
        return CommandLineApp.Done;
    }

    public Task<int> WriteJsonAsync(object value) => SayAsync(JsonSerializer.Serialize(value, Json));

    private sealed class CommandLineActor : ICurrentActor
    {
        public string Name { get; } = $"command line ({Environment.UserName}@{Environment.MachineName})";
    }
}
