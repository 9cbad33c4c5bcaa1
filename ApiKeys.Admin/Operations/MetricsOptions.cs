using System.ComponentModel.DataAnnotations;
using System.Net;
using Microsoft.Extensions.Options;

namespace ApiKeys.Admin.Operations;

/// <summary>The Prometheus scrape endpoint <c>/metrics</c>, bound from <c>Metrics</c>.</summary>
public sealed class MetricsOptions : IValidatableObject
{
    public const string Section = "Metrics";

    /// <summary>Whether <c>/metrics</c> answers at all (an OTLP exporter works either way).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// The addresses (CIDR ranges) that may scrape; everyone else gets 403. Loopback when none are given (a default
    /// list here would be added to, not replaced by, the configured one).
    /// </summary>
    public string[]? AllowFrom { get; set; }

    private string[] Ranges => AllowFrom is { Length: > 0 } given ? given : ["127.0.0.0/8", "::1/128"];

    /// <summary>Whether a client address may scrape.</summary>
    public bool Allows(IPAddress? address)
    {
        if (address is null)
        {
            return false;
        }

        address = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        foreach (var range in Ranges)
        {
            if (IPNetwork.TryParse(range, out var network) && network.Contains(address))
            {
                return true;
            }
        }

        return false;
    }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        for (var i = 0; i < Ranges.Length; i++)
        {
            if (!IPNetwork.TryParse(Ranges[i], out _))
            {
                yield return new ValidationResult($"must be an address range such as 10.0.0.0/8 or ::1/128; '{Ranges[i]}' is not", [$"{nameof(AllowFrom)}.{i}"]);
            }
        }
    }
}

/// <summary>Checks <see cref="MetricsOptions"/> at start-up.</summary>
[OptionsValidator]
internal sealed partial class MetricsOptionsValidator : IValidateOptions<MetricsOptions>;
