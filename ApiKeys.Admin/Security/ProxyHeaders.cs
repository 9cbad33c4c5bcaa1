using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace ApiKeys.Admin.Security;

/// <summary>
/// Behind a load balancer: take the client address and scheme from <c>X-Forwarded-For</c>/<c>-Proto</c>, but only from the
/// proxies listed in <c>ForwardedHeaders:KnownProxies</c> (addresses, or CIDR ranges). Off unless
/// <c>ForwardedHeaders:Enabled</c> is true. Only those: ASP.NET Core's own default (loopback) is dropped, so a client on
/// the same machine cannot name its address either; the address is what keys' allowed ranges are checked against.
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
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var proxy in configuration.GetSection("ForwardedHeaders:KnownProxies").Get<string[]>() ?? [])
        {
            if (proxy.Contains('/'))
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(proxy));
            }
            else
            {
                options.KnownProxies.Add(IPAddress.Parse(proxy));
            }
        }

        app.UseForwardedHeaders(options);
    }
}
