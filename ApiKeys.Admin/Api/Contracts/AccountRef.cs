namespace ApiKeys.Admin.Api.Contracts;

public sealed record AccountRef(string Id, string Login, string DisplayName);
