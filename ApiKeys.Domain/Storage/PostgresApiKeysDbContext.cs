using ApiKeys.Domain.Accounts;
using ApiKeys.Domain.Hmac;
using ApiKeys.Domain.Keys;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ApiKeys.Domain.Storage;

/// <summary>The PostgreSQL database (<c>Database:Provider=PostgreSql</c>).</summary>
public sealed class PostgresApiKeysDbContext(DbContextOptions<PostgresApiKeysDbContext> options) : ApiKeysDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        // The keys list finds any piece of a key's name or token, or its account's login or display name: trigram
        // indexes serve LIKE '%…%' there.
        builder.HasPostgresExtension("pg_trgm");
        builder.Entity<AuthenticationKey>().HasIndex(k => k.Token, "IX_AuthenticationKeys_Token_Trigrams").HasMethod("gin").HasOperators("gin_trgm_ops");
        builder.Entity<AuthenticationKey>().HasIndex(k => k.NormalizedName, "IX_AuthenticationKeys_NormalizedName_Trigrams").HasMethod("gin").HasOperators("gin_trgm_ops");
        builder.Entity<Account>().HasIndex(a => a.NormalizedUserName, "IX_Accounts_NormalizedUserName_Trigrams").HasMethod("gin").HasOperators("gin_trgm_ops");
        builder.Entity<Account>().HasIndex(a => a.NormalizedDisplayName, "IX_Accounts_NormalizedDisplayName_Trigrams").HasMethod("gin").HasOperators("gin_trgm_ops");

        // Used nonces live for minutes and come at the rate of the API calls: kept out of the write-ahead log, they cost
        // no WAL writes, replication or archiving. A crash or a failover empties the table; a sentinel row tells the
        // replay store so (see NonceBatchStatement).
        builder.Entity<UsedNonce>().IsUnlogged();
    }
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresApiKeysDbContext>
{
    public PostgresApiKeysDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresApiKeysDbContext>().UseNpgsql("Host=localhost;Database=apikeys;Username=apikeys").Options);
}
