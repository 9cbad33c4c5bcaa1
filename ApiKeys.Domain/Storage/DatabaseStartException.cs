namespace ApiKeys.Domain.Storage;

/// <summary>
/// The configured database cannot be used at start-up: unreachable, refused, missing and not creatable, or another
/// application's. The message is one line that names the setting, the server and database, and what to do.
/// </summary>
public sealed class DatabaseStartException(string message, Exception? inner = null) : Exception(message, inner);
