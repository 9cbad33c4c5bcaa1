using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ApiKeys.Domain;

/// <summary>How every settings class is registered: bound from its section, checked by its validator when the app starts.</summary>
public static class Settings
{
    /// <summary>
    /// Binds <typeparamref name="TOptions"/> from <paramref name="section"/> of <paramref name="configuration"/> (of the
    /// host's configuration when null) and checks it with <typeparamref name="TValidator"/> at start-up.
    /// </summary>
    public static OptionsBuilder<TOptions> AddSettings<TOptions, TValidator>(this IServiceCollection services, string section, IConfiguration? configuration = null)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        services.AddSingleton<IValidateOptions<TOptions>, TValidator>();
        var options = services.AddOptionsWithValidateOnStart<TOptions>();
        return configuration is null ? options.BindConfiguration(section) : options.Bind(configuration.GetSection(section));
    }
}
