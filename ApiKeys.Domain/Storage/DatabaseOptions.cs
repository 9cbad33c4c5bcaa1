namespace ApiKeys.Domain.Storage;

/// <summary>Where the data lives, bound from the <c>Database</c> configuration section.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Folder for the SQLite file and other local data, relative to the app's content root.</summary>
    public string DataFolder { get; set; } = "App_Data";
}
