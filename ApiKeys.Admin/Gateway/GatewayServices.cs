using ApiKeys.Admin.Api;
using Microsoft.AspNetCore.Authentication;
using ApiKeys.Domain;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace ApiKeys.Admin.Gateway;

/// <summary>
/// ApiKeys in front of any HTTP API, on YARP: the routes and clusters of the <c>ReverseProxy</c> section, each call
/// authenticated exactly as <c>/api/v1</c> is (the same HMAC scheme and verifier, with the route's scope), and the
/// verified caller passed upstream (<see cref="GatewayTransforms"/>). No routes configured: nothing changes.
/// </summary>
public static class GatewayServices
{
    public const string Section = "ReverseProxy";

    public static IServiceCollection AddGateway(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSettings<GatewayOptions, GatewayOptionsValidator>(GatewayOptions.Section);
        services.AddReverseProxy().LoadFromConfig(configuration.GetSection(Section)).AddTransforms<GatewayTransforms>();
        services.AddSingleton<GatewayRoutes>();
        return services;
    }

    /// <summary>
    /// A call for a gateway route goes straight to YARP's pipeline, which authenticates it first: none of the admin's
    /// own middleware (security headers for pages, status pages, culture, cookies, sign-in limits, antiforgery) is for
    /// it, and each would cost every proxied call.
    /// </summary>
    public static void UseGatewayRoutesFirst(this WebApplication app) =>
        app.Use((context, next) => context.GetEndpoint() is { RequestDelegate: { } proxy } endpoint && endpoint.Metadata.GetMetadata<RouteModel>() is not null
            ? proxy(context)
            : next(context));

    /// <summary>Start-up's check of the routes (<see cref="GatewayRoutes.Check"/>): a wrong one stops the app with one line.</summary>
    public static void CheckGatewayRoutes(this WebApplication app) =>
        GatewayRoutes.Check(app.Services.GetRequiredService<IProxyConfigProvider>().GetConfig(), app.Services.GetRequiredService<IOptions<GatewayOptions>>().Value);

    /// <summary>Keeps the admin off the gateway's port, when it has one: there only the routes (and <c>/health</c>) answer.</summary>
    public static void UseAdminOffTheGatewayPort(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<GatewayOptions>>().Value.Port is not { } port)
        {
            return;
        }

        app.Use(async (context, next) =>
        {
            if (context.Connection.LocalPort != port || context.GetEndpoint()?.Metadata.GetMetadata<RouteModel>() is not null
                || context.Request.Path.StartsWithSegments("/health"))
            {
                await next(context);
                return;
            }

            await Results.Problem("No gateway route matches this path.", statusCode: StatusCodes.Status404NotFound, title: "Not found",
                type: "urn:apikeys:problem:no-route").ExecuteAsync(context);
        });
    }

    /// <summary>
    /// The routes, only on the gateway's port when it has one: each call authenticated by the HMAC scheme first, in
    /// YARP's own pipeline; an upstream that cannot be reached (502) or answers too late (504) is a problem naming the
    /// route.
    /// </summary>
    public static void MapGateway(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<GatewayOptions>>().Value;
        var routes = app.MapReverseProxy(proxy =>
        {
            proxy.Use(async (context, next) =>
            {
                // The HMAC scheme, exactly as on /api/v1 (same handler, verifier, limits, usage, audit, metrics); a
                // refused call gets its problem from the scheme's challenge and never goes further.
                var signed = await context.AuthenticateAsync(HmacAuthenticationHandler.SchemeName);
                if (!signed.Succeeded)
                {
                    await context.ChallengeAsync(HmacAuthenticationHandler.SchemeName);
                    return;
                }

                context.User = signed.Principal;
                await next();
                if (context.GetForwarderErrorFeature() is { } failed && !context.Response.HasStarted)
                {
                    var route = context.GetReverseProxyFeature().Route.Config.RouteId;
                    var timedOut = failed.Error is ForwarderError.RequestTimedOut;
                    await Results.Problem(
                        timedOut ? $"The upstream of route '{route}' did not answer in time." : $"The upstream of route '{route}' could not be reached.",
                        statusCode: timedOut ? StatusCodes.Status504GatewayTimeout : StatusCodes.Status502BadGateway,
                        title: timedOut ? "Upstream timed out" : "Upstream unreachable",
                        type: timedOut ? "urn:apikeys:problem:upstream-timeout" : "urn:apikeys:problem:upstream-unreachable",
                        extensions: new Dictionary<string, object?> { ["route"] = route }).ExecuteAsync(context);
                }
            });
            proxy.UseSessionAffinity();
            proxy.UseLoadBalancing();
            proxy.UsePassiveHealthChecks();
        });
        if (options.Port is { } port)
        {
            routes.RequireHost($"*:{port}");
        }
    }
}
