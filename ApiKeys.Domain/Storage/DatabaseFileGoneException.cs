namespace ApiKeys.Domain.Storage;

/// <summary>The SQLite database file vanished or was replaced while the app ran; treated as the database being unavailable.</summary>
public sealed class DatabaseFileGoneException(string message) : Exception(message);
