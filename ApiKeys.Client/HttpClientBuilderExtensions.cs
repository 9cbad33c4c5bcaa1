using Microsoft.Extensions.DependencyInjection;

namespace ApiKeys.Client;

/// <summary>Registers request signing on a typed or named <see cref="HttpClient"/>.</summary>
public static class HttpClientBuilderExtensions
{
    /// <summary>Signs every request of this client with the given authentication key.</summary>
    public static IHttpClientBuilder AddHmacSigning(this IHttpClientBuilder builder, string token, string secret) =>
        builder.AddHmacSigning(_ => new HmacCredentials(token, secret));

    /// <summary>Signs every request of this client with the key the factory returns (for example from configuration).</summary>
    public static IHttpClientBuilder AddHmacSigning(this IHttpClientBuilder builder, Func<IServiceProvider, HmacCredentials> credentials) =>
        builder.AddHttpMessageHandler(services => new HmacSigningHandler(credentials(services), services.GetService<TimeProvider>()));
}
