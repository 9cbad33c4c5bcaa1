namespace ApiKeys.Domain.Storage;

public enum DatabaseProvider
{
    Sqlite,
    SqlServer,
    PostgreSql,
}
