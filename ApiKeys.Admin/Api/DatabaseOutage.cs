using ApiKeys.Domain.Storage;

namespace ApiKeys.Admin.Api;

/// <summary>An API call that finds the database unreachable gets 503 and a problem, never a 500.</summary>
internal static class DatabaseOutage
{
    public static IApplicationBuilder UseApiDatabaseOutage(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        try
        {
            await next();
        }
        catch (Exception exception) when (context.Request.Path.StartsWithSegments("/api") && !context.Response.HasStarted && DatabaseUnavailable.IsCause(exception))
        {
            context.Response.Clear();
            context.Response.Headers.RetryAfter = "5";
            await Results.Problem("The key store cannot be reached right now; nothing was changed. Try again shortly.",
                statusCode: StatusCodes.Status503ServiceUnavailable, title: "Key store unavailable", type: "urn:apikeys:problem:store-unavailable")
                .ExecuteAsync(context);
        }
    });
}
