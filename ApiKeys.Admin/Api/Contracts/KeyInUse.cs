namespace ApiKeys.Admin.Api.Contracts;

public sealed record KeyInUse(string Token, DateTimeOffset ExpiresAt);
