using System.CommandLine;
using ApiKeys.Domain.Limits;

namespace ApiKeys.Admin.CommandLine;

/// <summary>
/// <c>--allow-from CIDR</c> (repeatable), <c>--rate-limit N/s|N/min|N/h</c>, <c>--quota N</c> and
/// <c>--quota-refill daily|monthly</c>, for <c>keys create</c> and <c>keys set-limits</c>: each checked as it is parsed,
/// so a malformed one is refused with its option's name (exit 2) before anything is read or saved.
/// </summary>
internal sealed class KeyLimitOptions
{
    public Option<string[]> AllowFrom { get; } = new("--allow-from")
    {
        Description = $"An address range the key may call from (repeatable, up to {AddressRanges.MaxCount}): an IPv4 or IPv6 address or CIDR range such as 203.0.113.0/24; none: anywhere",
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<string?> RateLimit { get; } = new("--rate-limit") { Description = "How often the key may call: N/s, N/min or N/h (for example 100/min); none: as often as it likes" };

    public Option<long?> Quota { get; } = new("--quota") { Description = "How many calls the key may make (per day or month with --quota-refill); none: no quota" };

    public Option<string?> QuotaRefill { get; } = new("--quota-refill") { Description = "When the quota is refilled (UTC): daily or monthly; none: never" };

    public KeyLimitOptions()
    {
        AllowFrom.Validators.Add(result =>
        {
            var ranges = result.GetValueOrDefault<string[]>() ?? [];
            if (ranges.FirstOrDefault(r => AddressRanges.Canonical(r) is null) is { } bad)
            {
                result.AddError($"--allow-from: «{bad}» is not an address range: give an IPv4 or IPv6 address, or a range such as 203.0.113.0/24 or 2001:db8::/32 starting at its first address.");
            }
            else if (AddressRanges.Normalized(ranges).Count > AddressRanges.MaxCount)
            {
                result.AddError($"--allow-from: a key can be allowed at most {AddressRanges.MaxCount} address ranges.");
            }
        });
        RateLimit.Validators.Add(result =>
        {
            var text = result.GetValueOrDefault<string?>();
            if (Domain.Limits.RateLimit.Parse(text) is not { } rate || rate.Check() is not null)
            {
                result.AddError($"--rate-limit: «{text}» is not a rate: give 1 to {Domain.Limits.RateLimit.MaxCalls} calls per second, minute or hour, as N/s, N/min or N/h.");
            }
        });
        Quota.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<long?>() is < 1 or > Domain.Limits.Quota.MaxCalls)
            {
                result.AddError($"--quota must be from 1 to {Domain.Limits.Quota.MaxCalls} calls.");
            }
        });
        QuotaRefill.Validators.Add(result =>
        {
            var text = result.GetValueOrDefault<string?>();
            if (Domain.Limits.Quota.ParseRefill(text) is null)
            {
                result.AddError($"--quota-refill: «{text}» is none of daily, monthly or never.");
            }
        });
    }

    public IEnumerable<Option> All => [AllowFrom, RateLimit, Quota, QuotaRefill];

    /// <summary>Refuses <c>--quota-refill</c> without <c>--quota</c>, which would say nothing.</summary>
    public void AddTo(Command command)
    {
        foreach (var option in All)
        {
            command.Options.Add(option);
        }

        command.Validators.Add(result =>
        {
            if (result.GetValue(QuotaRefill) is not null && result.GetValue(Quota) is null)
            {
                result.AddError("--quota-refill needs --quota: the number of calls refilled.");
            }
        });
    }

    /// <summary>Whether any limit was given.</summary>
    public bool AnyGiven(ParseResult parsed) =>
        parsed.GetValue(AllowFrom) is { Length: > 0 } || parsed.GetValue(RateLimit) is not null || parsed.GetValue(Quota) is not null;

    /// <summary>Whether any limit was given, as a command's validator sees it.</summary>
    public bool AnyGiven(System.CommandLine.Parsing.CommandResult result) =>
        result.GetValue(AllowFrom) is { Length: > 0 } || result.GetValue(RateLimit) is not null || result.GetValue(Quota) is not null;

    /// <summary>The limits given (those not given: none), checked already by the validators above.</summary>
    public KeyLimits Read(ParseResult parsed) => new(
        parsed.GetValue(AllowFrom) ?? [],
        Domain.Limits.RateLimit.Parse(parsed.GetValue(RateLimit)),
        parsed.GetValue(Quota) is { } calls ? new Domain.Limits.Quota(calls, Domain.Limits.Quota.ParseRefill(parsed.GetValue(QuotaRefill)) ?? Domain.Limits.QuotaRefill.Never) : null);
}
