using System.Text.Json;
using System.Text.RegularExpressions;
using ApiKeys.Domain.Storage;

namespace ApiKeys.Admin.Api;

/// <summary>
/// Errors the endpoints do not answer themselves. Under <c>/api</c> every one is a problem (application/problem+json):
/// a request the endpoint cannot bind (malformed JSON, a wrong type, a wrong content type, a query value that is not a
/// number) with what was wrong, an unknown route or method with its status, an unreachable database as 503 — never the
/// HTML status page. Elsewhere a request that cannot be bound gets its status and the status page.
/// </summary>
internal static partial class ApiErrors
{
    public static IServiceCollection AddApiErrors(this IServiceCollection services)
    {
        services.AddValidation(); // the list query's rules: a 400 problem naming the field, shaped below like every other
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            if (context.ProblemDetails is HttpValidationProblemDetails { Errors.Count: > 0 } invalid && IsApi(context.HttpContext))
            {
                invalid.Title = "Bad request";
                invalid.Type = "urn:apikeys:problem:bad-request";
                invalid.Detail = string.Join(" ", invalid.Errors.SelectMany(e => e.Value));
            }
        });
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true); // to say what was wrong
        return services;
    }

    public static bool IsApi(HttpContext context) => context.Request.Path.StartsWithSegments("/api");

    public static IApplicationBuilder UseApiErrors(this IApplicationBuilder app)
    {
        // Outermost: a status without a body gets the status page, unless something inside has written a problem.
        app.UseStatusCodePagesWithReExecute("/status/{0}", createScopeForStatusCodePages: true);
        app.Use(async (context, next) =>
        {
            try
            {
                await next();
            }
            catch (BadHttpRequestException refused) when (!context.Response.HasStarted)
            {
                context.Response.Clear();
                context.Response.StatusCode = refused.StatusCode;
                if (IsApi(context))
                {
                    await Problem(Describe(refused), refused.StatusCode, refused.StatusCode == StatusCodes.Status415UnsupportedMediaType ? "Unsupported media type" : "Bad request")
                        .ExecuteAsync(context);
                }
            }
            catch (Exception exception) when (IsApi(context) && !context.Response.HasStarted && DatabaseUnavailable.IsCause(exception))
            {
                context.Response.Clear();
                context.Response.Headers.RetryAfter = "5";
                await Problem("The key store cannot be reached right now; nothing was changed. Try again shortly.", StatusCodes.Status503ServiceUnavailable,
                    "Key store unavailable", "store-unavailable").ExecuteAsync(context);
            }
        });

        // Statuses without a body under /api (404 for an unknown route, 405 for a wrong method) become problems here,
        // so the status page above finds a body and leaves them be.
        app.UseWhen(IsApi, api => api.UseStatusCodePages());
        return app;
    }

    private static IResult Problem(string detail, int status, string title, string? slug = null) =>
        Results.Problem(detail, statusCode: status, title: title, type: $"urn:apikeys:problem:{slug ?? (status == 415 ? "unsupported-media-type" : "bad-request")}");

    /// <summary>The framework's sentence (which parameter), and for a JSON body where in it and why.</summary>
    private static string Describe(BadHttpRequestException refused) => refused.InnerException switch
    {
        JsonException { Path: { } path } json => $"{refused.Message} At {path}: {FirstSentence(json.Message)}",
        JsonException json => $"{refused.Message} {FirstSentence(json.Message)}",
        _ when Unbound().Match(refused.Message) is { Success: true } unbound =>
            $"{char.ToLowerInvariant(unbound.Groups["name"].Value[0])}{unbound.Groups["name"].Value[1..]} must be {Kind(unbound.Groups["type"].Value)}; got \"{unbound.Groups["value"].Value}\".",
        _ => refused.Message,
    };

    private static string Kind(string type) => type switch
    {
        "int" or "Int32" or "long" or "Int64" => "a whole number",
        "bool" or "Boolean" => "true or false",
        "Guid" => "a GUID",
        "DateTimeOffset" => "an ISO-8601 date and time",
        _ => $"a {type}",
    };

    [GeneratedRegex("""^Failed to bind parameter "(?<type>[\w.?]+) (?<name>\w+)" from "(?<value>.*)"\.$""")]
    private static partial Regex Unbound();

    private static string FirstSentence(string text) => text.Split(" Path: ", 2)[0];
}
