namespace ApiKeys.Admin.Api.Contracts;

public sealed record DeleteKeysResponse(int Deleted);
