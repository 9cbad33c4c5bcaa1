namespace ApiKeys.Domain.Storage;

/// <summary>A store other than the database (Redis) could not be reached; verification fails closed.</summary>
public sealed class StoreUnavailableException(string store, Exception inner)
    : Exception($"{store} cannot be reached right now.", inner);
