using System.Net;

namespace ApiKeys.Domain.Limits;

/// <summary>
/// The addresses a key may call from: CIDR ranges, IPv4 or IPv6 (a bare address is its own range). Kept as one
/// space-separated column in canonical form (<c>10.0.0.0/8 2001:db8::/32</c>); none: from anywhere.
/// </summary>
public static class AddressRanges
{
    public const int MaxCount = 100;

    /// <summary>The range in canonical form (the network address and prefix), or null when it is no range.</summary>
    public static string? Canonical(string? text)
    {
        text = text?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        var slash = text.IndexOf('/');
        if (!IPAddress.TryParse(slash < 0 ? text : text[..slash], out var address) || text.Contains('%'))
        {
            return null;
        }

        address = Unmapped(address);
        var bits = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128;
        var prefix = bits;
        if (slash >= 0 && (!int.TryParse(text.AsSpan(slash + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out prefix) || prefix > bits))
        {
            return null;
        }

        // A range whose address has bits set past its prefix ("10.1.2.3/8") is refused rather than widened.
        var network = new IPNetwork(Mask(address, prefix), prefix);
        return network.BaseAddress.Equals(address) ? network.ToString() : null;
    }

    private static IPAddress Mask(IPAddress address, int prefix)
    {
        var bytes = address.GetAddressBytes();
        for (var i = 0; i < bytes.Length; i++)
        {
            var keep = Math.Clamp(prefix - (i * 8), 0, 8);
            bytes[i] &= (byte)(0xFF << (8 - keep));
        }

        return new IPAddress(bytes);
    }

    /// <summary>Why the ranges are refused (the first that is no range, or too many), or null.</summary>
    public static Refusal? Check(IReadOnlyCollection<string>? ranges) =>
        ranges is null ? null
        : ranges.FirstOrDefault(r => Canonical(r) is null) is { } bad ? new Refusal(FailureCode.InvalidAddressRange, bad)
        : Normalized(ranges).Count > MaxCount ? new Refusal(FailureCode.TooManyAddressRanges, MaxCount)
        : null;

    /// <summary>The ranges in canonical form, without repeats, in the order given; ranges that do not parse are left out.</summary>
    public static IReadOnlyList<string> Normalized(IEnumerable<string>? ranges) =>
        [.. (ranges ?? []).Select(Canonical).OfType<string>().Distinct(StringComparer.Ordinal)];

    /// <summary>The column's value: null for anywhere.</summary>
    public static string? Format(IEnumerable<string>? ranges) => Normalized(ranges) is { Count: > 0 } list ? string.Join(' ', list) : null;

    public static IReadOnlyList<string> Parse(string? column) =>
        string.IsNullOrEmpty(column) ? [] : column.Split(' ', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The ranges parsed once, for checking calls (a column that no longer parses is left out).</summary>
    public static IPNetwork[] Networks(string? column) =>
        [.. Parse(column).Select(r => IPNetwork.TryParse(r, out var network) ? network : (IPNetwork?)null).OfType<IPNetwork>()];

    /// <summary>Whether a call from <paramref name="address"/> is allowed (no ranges: from anywhere; no address: never).</summary>
    public static bool Allow(IPNetwork[] networks, IPAddress? address)
    {
        if (networks.Length == 0)
        {
            return true;
        }

        if (address is null)
        {
            return false;
        }

        address = Unmapped(address);
        foreach (var network in networks)
        {
            if (network.Contains(address))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>An IPv4 address that arrived on an IPv6 socket (<c>::ffff:10.0.0.1</c>) is checked as IPv4.</summary>
    [return: System.Diagnostics.CodeAnalysis.NotNullIfNotNull(nameof(address))]
    public static IPAddress? Unmapped(IPAddress? address) => address is { IsIPv4MappedToIPv6: true } ? address.MapToIPv4() : address;
}
