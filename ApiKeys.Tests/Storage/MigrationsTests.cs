using ApiKeys.Domain.Storage;
using Microsoft.EntityFrameworkCore;

namespace ApiKeys.Tests.Storage;

public sealed class MigrationsTests
{
    public static TheoryData<string> Providers => [nameof(SqliteApiKeysDbContext), nameof(SqlServerApiKeysDbContext), nameof(PostgresApiKeysDbContext)];

    [Theory]
    [MemberData(nameof(Providers))]
    public void Every_provider_has_a_migration_for_the_current_model(string context)
    {
        using var db = Create(context);

        Assert.False(db.Database.HasPendingModelChanges(), $"{context} has model changes without a migration: run dotnet ef migrations add.");
        Assert.NotEmpty(db.Database.GetMigrations());
    }

    private static ApiKeysDbContext Create(string context) => context switch
    {
        nameof(SqliteApiKeysDbContext) => new SqliteDesignTimeFactory().CreateDbContext([]),
        nameof(PostgresApiKeysDbContext) => new PostgresDesignTimeFactory().CreateDbContext([]),
        _ => new SqlServerDesignTimeFactory().CreateDbContext([]),
    };
}
