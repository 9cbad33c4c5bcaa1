using System.Security.Claims;
using System.Text.Encodings.Web;
using ApiKeys.Domain.Hmac;
using ApiKeys.Domain.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace ApiKeys.Admin.Api;

/// <summary>Authenticates API calls by their HMAC signature; a rejected call gets a problem that says which check failed.</summary>
public sealed partial class HmacAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggers,
    UrlEncoder encoder,
    HmacVerifier verifier,
    ApiFailureAudit failures,
    IOptions<HmacOptions> hmac) : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggers, encoder)
{
    public const string SchemeName = "Hmac";
    public const string KeyTokenClaim = "apikeys:key_token";
    public const string KeyExpiresClaim = "apikeys:key_expires";
    public const string DisplayNameClaim = "apikeys:display_name";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        HmacVerification verification;
        try
        {
            var body = await ReadBodyAsync();
            verification = body is null
                ? new HmacRejection(HmacFailure.BodyTooLarge, $"The body is larger than {hmac.Value.MaxBodyBytes} bytes.")
                : await verifier.VerifyAsync(new HmacRequest
                {
                    Method = Request.Method,
                    Authority = Request.Host.Value ?? "",
                    RawTarget = Context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? $"{Request.PathBase}{Request.Path}{Request.QueryString}",
                    Headers = Request.Headers,
                    Body = body.Value,
                }, Context.RequestAborted);
        }
        catch (Exception exception) when (DatabaseUnavailable.IsCause(exception))
        {
            LogStoreUnavailable(Logger, exception);
            verification = new HmacRejection(HmacFailure.StoreUnavailable, "The key store cannot be reached right now; try again shortly.");
        }

        if (verification.Rejection is { } rejection)
        {
            Context.Features.Set(rejection);
            if (rejection.Failure != HmacFailure.StoreUnavailable)
            {
                failures.Record(Context, rejection);
            }

            return AuthenticateResult.Fail(rejection.Title);
        }

        var credential = verification.Credential!;
        var identity = new ClaimsIdentity(SchemeName, ClaimTypes.Name, ClaimTypes.Role);
        identity.AddClaim(new Claim(ClaimTypes.NameIdentifier, credential.AccountId));
        identity.AddClaim(new Claim(ClaimTypes.Name, credential.Login));
        identity.AddClaim(new Claim(DisplayNameClaim, credential.DisplayName));
        identity.AddClaim(new Claim(KeyTokenClaim, credential.Token));
        identity.AddClaim(new Claim(KeyExpiresClaim, credential.ExpiresAt.ToString("O")));
        foreach (var role in credential.Roles)
        {
            identity.AddClaim(new Claim(ClaimTypes.Role, role));
        }

        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var rejection = Context.Features.Get<HmacRejection>()
            ?? new HmacRejection(HmacFailure.MissingSignature, "Sign the request: send the Signature-Input and Signature headers (RFC 9421, hmac-sha256).");
        if (rejection.StatusCode == StatusCodes.Status401Unauthorized)
        {
            Response.Headers.WWWAuthenticate = hmac.Value.ComindwareScheme.Enabled
                ? "Signature realm=\"ApiKeys\", alg=\"hmac-sha256\", HMAC realm=\"ApiKeys\""
                : "Signature realm=\"ApiKeys\", alg=\"hmac-sha256\"";
        }

        await Results.Problem(rejection.Detail, statusCode: rejection.StatusCode, title: rejection.Title, type: rejection.Type)
            .ExecuteAsync(Context);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        Results.Problem(
            "Only accounts in \"System administrators\" may manage authentication keys through the API.",
            statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", type: "urn:apikeys:problem:forbidden").ExecuteAsync(Context);

    /// <summary>The body, buffered so the endpoint can read it again; null when it exceeds the limit.</summary>
    private async Task<ReadOnlyMemory<byte>?> ReadBodyAsync()
    {
        var limit = hmac.Value.MaxBodyBytes;
        if (Request.ContentLength > limit)
        {
            return null;
        }

        if (Request.ContentLength == 0 || (Request.ContentLength is null && !Request.Headers.TransferEncoding.Any()))
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
