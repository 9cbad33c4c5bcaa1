using Microsoft.AspNetCore.Http;

namespace ApiKeys.Domain.Hmac;

/// <summary>A request as it arrived, for verification: the method, the Host, the raw request target, headers and body.</summary>
public sealed class HmacRequest
{
    public required string Method { get; init; }

    /// <summary>The Host header as received.</summary>
    public required string Authority { get; init; }

    /// <summary>The request's scheme (after forwarded headers), which says which port is the default one.</summary>
    public string Scheme { get; init; } = "https";

    /// <summary>The request target as sent on the wire (path and query, not decoded).</summary>
    public required string RawTarget { get; init; }

    public required IHeaderDictionary Headers { get; init; }

    public ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>Where the call came from (after forwarded headers), kept as the key's last client address.</summary>
    public System.Net.IPAddress? ClientAddress { get; init; }

    /// <summary>The scope the call needs (a gateway route's, or ApiKeys' own API's); null: none is checked.</summary>
    public string? Scope { get; init; }

    /// <summary>The gateway route the call is for, counted per hour for the routes page; null elsewhere.</summary>
    public string? Route { get; init; }
}
