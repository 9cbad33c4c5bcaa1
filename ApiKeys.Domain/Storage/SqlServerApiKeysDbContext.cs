using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ApiKeys.Domain.Storage;

/// <summary>The SQL Server database (<c>Database:Provider=SqlServer</c>).</summary>
public sealed class SqlServerApiKeysDbContext(DbContextOptions<SqlServerApiKeysDbContext> options) : ApiKeysDbContext(options);

internal sealed class SqlServerDesignTimeFactory : IDesignTimeDbContextFactory<SqlServerApiKeysDbContext>
{
    public SqlServerApiKeysDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqlServerApiKeysDbContext>()
            .UseSqlServer("Server=localhost;Database=ApiKeys;Trusted_Connection=True;TrustServerCertificate=True")
            .Options);
}
