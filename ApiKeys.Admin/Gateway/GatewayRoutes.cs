using ApiKeys.Domain;
using ApiKeys.Domain.Keys;
using Yarp.ReverseProxy.Configuration;

namespace ApiKeys.Admin.Gateway;

/// <summary>The gateway's routes as configured (the <c>ReverseProxy</c> section is the source of truth), and their scopes.</summary>
public sealed class GatewayRoutes(IProxyConfigProvider config)
{
    public const string ScopeMetadata = "Scope";
    public const string ForwardSignatureMetadata = "ForwardSignature";

    /// <summary>The admin's own paths: a route without its own port or hosts may not take them.</summary>
    public static readonly string[] AdminPaths =
        ["/administration", "/account", "/api", "/_blazor", "/_framework", "/_content", "/health", "/openapi", "/metrics", "/status", "/not-found", "/app.css", "/app.js", "/favicon"];

    /// <summary>One route: its id, path, hosts, scope and upstream addresses.</summary>
    public sealed record Route(string Id, string Path, IReadOnlyList<string> Hosts, string Scope, IReadOnlyList<string> Destinations);

    /// <summary>A route's scope: its <c>Metadata:Scope</c>, or its id when it has none.</summary>
    public static string ScopeOf(RouteConfig route) =>
        route.Metadata?.TryGetValue(ScopeMetadata, out var scope) == true && !string.IsNullOrWhiteSpace(scope) ? scope.Trim() : route.RouteId;

    public IReadOnlyList<Route> All()
    {
        var current = config.GetConfig();
        var clusters = current.Clusters.ToDictionary(c => c.ClusterId, StringComparer.OrdinalIgnoreCase);
        return [.. current.Routes.OrderBy(r => r.RouteId, StringComparer.OrdinalIgnoreCase).Select(r => new Route(
            r.RouteId, r.Match.Path ?? "/{**all}", r.Match.Hosts ?? [], ScopeOf(r),
            r.ClusterId is { } id && clusters.TryGetValue(id, out var cluster) ? [.. (cluster.Destinations ?? new Dictionary<string, DestinationConfig>()).Values.Select(d => d.Address)] : []))];
    }

    /// <summary>Every scope a key may be limited to: ApiKeys' own API's and each route's, with the paths they cover.</summary>
    public IReadOnlyList<(string Scope, IReadOnlyList<string> Paths)> Scopes() =>
        [(KeyScopes.ApiKeysApi, ["/api/v1"]), .. All().GroupBy(r => r.Scope, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (g.Key, (IReadOnlyList<string>)[.. g.Select(r => r.Path)]))];

    /// <summary>
    /// Start-up's checks, each a one-line refusal naming the route: a scope that is not a scope's name, and a path that
    /// would shadow the admin's own where the gateway shares the admin's URLs (no <c>Gateway:Port</c>, no hosts).
    /// </summary>
    public static void Check(IProxyConfig current, GatewayOptions options)
    {
        foreach (var route in current.Routes)
        {
            var setting = $"ReverseProxy:Routes:{route.RouteId}";
            if (!KeyScopes.IsName(ScopeOf(route)))
            {
                throw new SettingException($"{setting}: its scope '{ScopeOf(route)}' (Metadata:Scope, or the route's id) must be 1 to {KeyScopes.MaxLength} letters, digits, '.', '_', ':' or '-'.");
            }

            if (ScopeOf(route) == KeyScopes.ApiKeysApi)
            {
                throw new SettingException($"{setting}: the scope '{KeyScopes.ApiKeysApi}' is ApiKeys' own API's; give the route another Metadata:Scope.");
            }

            if (options.Port is null && route.Match.Hosts is not { Count: > 0 } && Shadows(route.Match.Path))
            {
                throw new SettingException(
                    $"{setting}:Match:Path '{route.Match.Path ?? "(every path)"}' would take the admin's own paths ({string.Join(", ", AdminPaths.Take(6))}…): give it a prefix of its own, or serve the gateway on Gateway:Port.");
            }
        }
    }

    /// <summary>Whether a route's path template could match one of the admin's paths, segment by segment (its literal prefix, before any parameter).</summary>
    private static bool Shadows(string? path)
    {
        var prefix = (path ?? "/").Split('{')[0].TrimEnd('/');
        return prefix.Length == 0 || AdminPaths.Any(admin =>
            prefix.Equals(admin, StringComparison.OrdinalIgnoreCase) || admin.StartsWith(prefix + "/", StringComparison.OrdinalIgnoreCase)
            || prefix.StartsWith(admin + "/", StringComparison.OrdinalIgnoreCase));
    }
}
