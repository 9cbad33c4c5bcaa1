using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ApiKeys.Domain.Storage;

/// <summary>The PostgreSQL database (<c>Database:Provider=PostgreSql</c>).</summary>
public sealed class PostgresApiKeysDbContext(DbContextOptions<PostgresApiKeysDbContext> options) : ApiKeysDbContext(options);

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresApiKeysDbContext>
{
    public PostgresApiKeysDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresApiKeysDbContext>().UseNpgsql("Host=localhost;Database=apikeys;Username=apikeys").Options);
}
