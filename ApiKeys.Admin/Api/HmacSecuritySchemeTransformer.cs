using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace ApiKeys.Admin.Api;

/// <summary>Describes the HMAC signature scheme in the OpenAPI document and requires it on every operation.</summary>
internal sealed class HmacSecuritySchemeTransformer : IOpenApiDocumentTransformer
{
    private const string SchemeId = "HttpMessageSignature";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info.Title = "ApiKeys API";
        document.Info.Description = "Every call is signed with an authentication key: RFC 9421 HTTP Message Signatures, hmac-sha256. " +
                                    "See docs/hmac-authentication.md for the signature base, a worked example and test vectors.";
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SchemeId] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = "Signature",
            Description = "Send Signature-Input: sig1=(\"@method\" \"@authority\" \"@path\" \"@query\" [\"content-digest\"]);created=<unix s>;nonce=\"<nonce>\";keyid=\"<token>\";alg=\"hmac-sha256\" " +
                          "and Signature: sig1=:<base64 HMAC-SHA256(secret, signature base)>:, with Content-Digest: sha-256=:<base64>: when there is a body.",
        };

        var requirement = new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(SchemeId, document)] = [] };
        foreach (var operation in document.Paths.Values.SelectMany(path => path.Operations is { } operations ? operations.Values : Enumerable.Empty<OpenApiOperation>()))
        {
            operation.Security ??= [];
            operation.Security.Add(requirement);
        }

        return Task.CompletedTask;
    }
}
