using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;

namespace ApiKeys.Admin;

/// <summary>
/// The operator's <c>appsettings.json</c> lives at the top of the repository and is copied beside the app by every
/// build and publish. The app and the command line read it from there, wherever they are started from (the project
/// folder under <c>dotnet run</c>, or a published folder), at the same precedence as usual: below
/// <c>appsettings.{Environment}.json</c>, environment variables and the command line.
/// </summary>
public static class OperatorSettings
{
    public static void ReadBesideTheApp(ConfigurationManager configuration)
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "appsettings.json");
        var source = configuration.Sources.OfType<JsonConfigurationSource>().FirstOrDefault(s => s.Path == "appsettings.json");
        if (source is null || !File.Exists(beside))
        {
            return;
        }

        var index = configuration.Sources.IndexOf(source);
        configuration.Sources[index] = new JsonConfigurationSource
        {
            Path = "appsettings.json",
            Optional = false,
            ReloadOnChange = source.ReloadOnChange,
            FileProvider = new PhysicalFileProvider(AppContext.BaseDirectory),
        };
    }
}
