using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ApiKeys.Domain.Storage;

/// <summary>The embedded default: one SQLite file under the data folder.</summary>
public sealed class SqliteApiKeysDbContext(DbContextOptions<SqliteApiKeysDbContext> options) : ApiKeysDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configuration)
    {
        // SQLite has no date-time-offset type and cannot compare or sort one stored as text:
        // store UTC ticks so expiry filters and sorting run in the database.
        configuration.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
    }

    private sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
        value => value.UtcTicks,
        ticks => new DateTimeOffset(ticks, TimeSpan.Zero));
}

internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteApiKeysDbContext>
{
    public SqliteApiKeysDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteApiKeysDbContext>().UseSqlite("Data Source=design-time.db").Options);
}
