namespace ApiKeys.Admin.Api.Contracts;

/// <summary>How many keys changed; keys already so are not counted.</summary>
public sealed record ChangedKeysResponse(int Changed);
