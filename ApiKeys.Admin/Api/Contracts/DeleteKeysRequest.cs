namespace ApiKeys.Admin.Api.Contracts;

public sealed record DeleteKeysRequest(IReadOnlyList<Guid> Ids);
