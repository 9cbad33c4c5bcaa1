using ApiKeys.Domain.Audit;
using ApiKeys.Domain.Keys;

namespace ApiKeys.Domain.Usage;

/// <summary>Everything the key's details view shows: the key, its usage and its own audit trail, the newest entry first.</summary>
public sealed record KeyDetails(AuthenticationKeyRow Key, KeyUsageReport Usage, IReadOnlyList<AuditEntry> Trail);
