namespace ApiKeys.Admin.Api.Contracts;

/// <summary>
/// Roll a key: <c>grace</c> is how long the old key keeps working ("00:00:00", "01:00:00", "1.00:00:00", "7.00:00:00"
/// or "30.00:00:00"), required: left out it would cut the old key off at once; <c>version</c> is the key's version as last read.
/// </summary>
public sealed record RollKeyRequest(TimeSpan? Grace, Guid Version);
