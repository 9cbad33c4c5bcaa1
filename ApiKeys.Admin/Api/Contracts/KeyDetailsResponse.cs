using ApiKeys.Domain.Usage;

namespace ApiKeys.Admin.Api.Contracts;

/// <summary>A key with its calls per day (UTC, oldest first) and its own audit trail, newest first.</summary>
public sealed record KeyDetailsResponse(KeyResponse Key, KeyUsageResponse Usage, IReadOnlyList<AuditEntryResponse> Trail)
{
    public static KeyDetailsResponse From(KeyDetails details) => new(
        KeyResponse.From(details.Key),
        new KeyUsageResponse(details.Usage.Accepted, details.Usage.Refused, RefusalsBody.From(details.Usage.Reasons, details.Usage.Refused),
            details.Usage.LastUsedAt, details.Usage.LastClientAddress, details.Usage.LastUserAgent,
            [.. details.Usage.Days.Select(d => new KeyUsageDayResponse(d.Day, d.Accepted, d.Refused, RefusalsBody.From(d.Reasons, d.Refused)))]),
        [.. details.Trail.Select(e => new AuditEntryResponse(e.At, e.Actor, e.Action, e.Target, e.Details, e.ClientAddress))]);
}
