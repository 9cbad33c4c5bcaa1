using ApiKeys.Domain.Accounts;
using ApiKeys.Domain.Keys;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace ApiKeys.Domain.Storage;

/// <summary>
/// Keys, accounts, system roles and the Data Protection key ring in one database.
/// Each provider has its own subclass so each keeps its own migrations.
/// </summary>
public abstract class ApiKeysDbContext(DbContextOptions options)
    : IdentityDbContext<Account, SystemRole, string>(options), IDataProtectionKeyContext
{
    public DbSet<AuthenticationKey> AuthenticationKeys => Set<AuthenticationKey>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);

        builder.Entity<IdentityUserRole<string>>().ToTable("AccountRoles");
        builder.Entity<IdentityUserClaim<string>>().ToTable("AccountClaims");
        builder.Entity<IdentityUserLogin<string>>().ToTable("AccountLogins");
        builder.Entity<IdentityUserToken<string>>().ToTable("AccountTokens");
        builder.Entity<IdentityRoleClaim<string>>().ToTable("SystemRoleClaims");
        builder.Entity<DataProtectionKey>().ToTable("DataProtectionKeys");

        builder.ApplyConfigurationsFromAssembly(typeof(ApiKeysDbContext).Assembly);
    }
}
