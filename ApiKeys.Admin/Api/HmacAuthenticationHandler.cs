using System.Diagnostics;
using System.Security.Claims;
using ApiKeys.Admin.Gateway;
using ApiKeys.Admin.Security;
using ApiKeys.Domain.Hmac;
using ApiKeys.Domain.Keys;
using ApiKeys.Domain.Metrics;
using ApiKeys.Domain.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Model;

namespace ApiKeys.Admin.Api;

/// <summary>
/// Authenticates API calls by their HMAC signature; a rejected call gets a problem that says which check failed.
/// It implements <see cref="IAuthenticationHandler"/> itself, not <c>AuthenticationHandler&lt;T&gt;</c>: the scheme has
/// no options, events or forwarding for that base class to set up on every call, and this handler sits on every call.
/// </summary>
public sealed partial class HmacAuthenticationHandler(
    HmacVerifier verifier,
    ApiKeysMetrics metrics,
    HmacRefusals refusals,
    AbuseLimits limits,
    IOptions<HmacOptions> hmac,
    ILogger<HmacAuthenticationHandler> logger) : IAuthenticationHandler
{
    public const string SchemeName = "Hmac";

    private HttpContext Context { get; set; } = null!;

    private HttpRequest Request => Context.Request;

    private HttpResponse Response => Context.Response;

    private Task<AuthenticateResult>? _result;

    /// <summary>The gateway route the call is for (its id and scope), or null for ApiKeys' own <c>/api/v1</c>.</summary>
    private (string Id, string Scope)? Route { get; set; }

    public Task InitializeAsync(AuthenticationScheme scheme, HttpContext context)
    {
        Context = context;
        return Task.CompletedTask;
    }

    /// <summary>Verifies once per request, however often it is asked: the first check spends the nonce.</summary>
    public Task<AuthenticateResult> AuthenticateAsync() => _result ??= VerifyAsync();

    private async Task<AuthenticateResult> VerifyAsync()
    {
        Route = Context.GetEndpoint()?.Metadata.GetMetadata<RouteModel>()?.Config is { } route ? (route.RouteId, GatewayRoutes.ScopeOf(route)) : null;
        if (limits.IsRefusing(Request, out var retryAfter))
        {
            AbuseLimits.SetRetryAfter(Response, retryAfter);
            var tooMany = new HmacRejection(HmacFailure.TooManyRefusedCalls,
                "Too many refused calls came from this address or named this key; calls are refused unchecked until the time in Retry-After.");
            refusals.Count(Context, tooMany, Route?.Id);
            return AuthenticateResult.Fail(tooMany.Title);
        }

        HmacVerification verification;
        try
        {
            var body = await ReadBodyAsync();
            var started = Stopwatch.GetTimestamp();
            verification = body is null
                ? new HmacRejection(HmacFailure.BodyTooLarge, $"The body is larger than {hmac.Value.MaxBodyBytes} bytes.")
                : await verifier.VerifyAsync(new HmacRequest
                {
                    Method = Request.Method,
                    Authority = Request.Host.Value ?? "",
                    Scheme = Request.Scheme,
                    RawTarget = Context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? $"{Request.PathBase}{Request.Path}{Request.QueryString}",
                    Headers = Request.Headers,
                    Body = body.Value,
                    ClientAddress = Context.Connection.RemoteIpAddress,
                    Scope = Route?.Scope ?? KeyScopes.ApiKeysApi,
                    Route = Route?.Id,
                }, Context.RequestAborted);
            metrics.Verified(Stopwatch.GetElapsedTime(started));
        }
        catch (Exception exception) when (DatabaseUnavailable.IsCause(exception))
        {
            LogStoreUnavailable(logger, exception);
            verification = new HmacRejection(HmacFailure.StoreUnavailable, "The key store cannot be reached right now; try again shortly.");
        }

        if (verification.Rejection is { } rejection)
        {
            refusals.Count(Context, rejection, Route?.Id);
            if (rejection.Limits is { } reached)
            {
                WriteLimitFields(reached);
            }

            return AuthenticateResult.Fail(rejection.Title);
        }

        // The claims are what authorization reads; the endpoints find the key itself, as verified, among the features.
        var credential = verification.Credential!;
        Context.Features.Set(credential);
        if (verification.Limits is { } standing)
        {
            WriteLimitFields(standing);
        }

        metrics.Accepted(Route?.Id);
        var identity = new ClaimsIdentity(SchemeName, ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim(ClaimTypes.NameIdentifier, credential.AccountId));
        identity.AddClaim(new Claim(ClaimTypes.Name, credential.Login));
        for (var i = 0; i < credential.Roles.Count; i++)
        {
            identity.AddClaim(new Claim(ClaimTypes.Role, credential.Roles[i]));
        }

        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    /// <summary>The key's rate limit and quota as draft-ietf-httpapi-ratelimit-headers tells them (upstream responses keep them).</summary>
    private void WriteLimitFields(Domain.Limits.LimitStanding standing)
    {
        Response.Headers["RateLimit-Policy"] = standing.Policy();
        Response.Headers["RateLimit"] = standing.Current();
    }

    public Task ChallengeAsync(AuthenticationProperties? properties) => refusals.WriteAsync(Context,
        Context.Features.Get<HmacRejection>()
        ?? new HmacRejection(HmacFailure.MissingSignature, "Sign the request: send the Signature-Input and Signature headers (RFC 9421, hmac-sha256)."));

    public Task ForbidAsync(AuthenticationProperties? properties) =>
        Results.Problem(
            "Only accounts in \"System administrators\" may manage authentication keys through the API.",
            statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", type: "urn:apikeys:problem:forbidden").ExecuteAsync(Context);

    /// <summary>The body, buffered so the endpoint can read it again; null when it exceeds the limit.</summary>
    private async ValueTask<ReadOnlyMemory<byte>?> ReadBodyAsync()
    {
        var limit = hmac.Value.MaxBodyBytes;
        if (Request.ContentLength > limit)
        {
            return null;
        }

        if (Request.ContentLength == 0 || (Request.ContentLength is null && Request.Headers.TransferEncoding.Count == 0))
        {
            return ReadOnlyMemory<byte>.Empty;
        }

        Request.EnableBuffering(bufferThreshold: 64 * 1024, bufferLimit: limit + 1);
        using var body = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await Request.Body.ReadAsync(buffer, Context.RequestAborted)) > 0)
        {
            if (body.Length + read > limit)
            {
                return null;
            }

            body.Write(buffer, 0, read);
        }

        Request.Body.Position = 0;
        return body.ToArray();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A signed request could not be checked because the key store is unavailable.")]
    private static partial void LogStoreUnavailable(ILogger logger, Exception exception);
}
