using ApiKeys.Domain.Hmac;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace ApiKeys.Admin.Gateway;

/// <summary>
/// What the upstream receives: the request as the client sent it, without the signature (unless the route's
/// <c>Metadata:ForwardSignature</c> is true) and without any <c>X-ApiKeys-*</c> header the client sent, whatever its case;
/// with the caller the gateway verified: <c>X-ApiKeys-Account</c> (login), <c>X-ApiKeys-Account-Id</c>,
/// <c>X-ApiKeys-Key</c> (token) and <c>X-ApiKeys-Key-Name</c> (percent-encoded UTF-8). YARP adds <c>X-Forwarded-*</c>.
/// </summary>
public sealed class GatewayTransforms : ITransformProvider
{
    public const string Prefix = "X-ApiKeys-";
    public const string AccountHeader = "X-ApiKeys-Account";
    public const string AccountIdHeader = "X-ApiKeys-Account-Id";
    public const string KeyHeader = "X-ApiKeys-Key";
    public const string KeyNameHeader = "X-ApiKeys-Key-Name";

    public void ValidateRoute(TransformRouteValidationContext context)
    {
    }

    public void ValidateCluster(TransformClusterValidationContext context)
    {
    }

    public void Apply(TransformBuilderContext context)
    {
        var forwardSignature = context.Route.Metadata?.TryGetValue(GatewayRoutes.ForwardSignatureMetadata, out var value) == true
            && bool.TryParse(value, out var keep) && keep;
        context.AddRequestTransform(transform =>
        {
            var headers = transform.ProxyRequest.Headers;
            foreach (var name in headers.Select(h => h.Key).Where(IsOurs).ToList())
            {
                headers.Remove(name); // a client's own X-ApiKeys-* never reaches the upstream
            }

            if (transform.ProxyRequest.Content?.Headers is { } content)
            {
                foreach (var name in content.Select(h => h.Key).Where(IsOurs).ToList())
                {
                    content.Remove(name);
                }
            }

            if (!forwardSignature)
            {
                headers.Remove("Signature");
                headers.Remove("Signature-Input");
                if (headers.Authorization?.Scheme.Equals(ApiKeys.Client.ComindwareSignature.Scheme, StringComparison.OrdinalIgnoreCase) == true)
                {
                    headers.Authorization = null;
                }
            }

            // Set by the HMAC scheme once the call was verified; a call that was not never gets here.
            if (transform.HttpContext.Features.Get<KeyCredential>() is { } caller)
            {
                headers.TryAddWithoutValidation(AccountHeader, caller.Login);
                headers.TryAddWithoutValidation(AccountIdHeader, caller.AccountId);
                headers.TryAddWithoutValidation(KeyHeader, caller.Token);
                headers.TryAddWithoutValidation(KeyNameHeader, Uri.EscapeDataString(caller.Name));
            }

            return ValueTask.CompletedTask;
        });
    }

    private static bool IsOurs(string name) => name.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase);
}
