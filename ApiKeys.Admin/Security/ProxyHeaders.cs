using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace ApiKeys.Admin.Security;

/// <summary>
/// Behind a load balancer: take the client address and scheme from <c>X-Forwarded-For</c>/<c>-Proto</c>, but only from the
/// proxies listed in <c>ForwardedHeaders:KnownProxies</c>. Off unless <c>ForwardedHeaders:Enabled</c> is true.
/// </summary>
public static class ProxyHeaders
{
    public static void UseProxyForwardedHeaders(this WebApplication app, IConfiguration configuration)
    {
        if (!configuration.GetValue<bool>("ForwardedHeaders:Enabled"))
        {
            return;
        }

        var options = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto };
        foreach (var proxy in configuration.GetSection("ForwardedHeaders:KnownProxies").Get<string[]>() ?? [])
        {
            options.KnownProxies.Add(IPAddress.Parse(proxy));
        }

        app.UseForwardedHeaders(options);
    }
}
