namespace ApiKeys.Admin.Api.Contracts;

/// <summary>The keys to disable or enable.</summary>
public sealed record KeyIdsRequest(IReadOnlyList<Guid> Ids);
