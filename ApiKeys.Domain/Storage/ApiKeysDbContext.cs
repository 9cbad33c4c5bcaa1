using ApiKeys.Domain.Accounts;
using ApiKeys.Domain.Audit;
using ApiKeys.Domain.Hmac;
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

    public DbSet<CredentialVersion> CredentialVersions => Set<CredentialVersion>();

    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();

    public DbSet<UsedNonce> UsedNonces => Set<UsedNonce>();

    /// <summary>Raises the credential version; call it after bulk statements that bypass change tracking.</summary>
    public Task RaiseCredentialVersionAsync(CancellationToken cancellationToken) =>
        CredentialVersions.ExecuteUpdateAsync(v => v.SetProperty(x => x.Value, x => x.Value + 1), cancellationToken);

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        SaveChangesAsync(acceptAllChangesOnSuccess).GetAwaiter().GetResult();

    /// <summary>Saves; when keys, accounts, roles or permissions change, raises the credential version in the same transaction.</summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        if (ChangeTracker.Entries<AuditEntry>().Any(e => e.State is EntityState.Modified or EntityState.Deleted))
        {
            throw new InvalidOperationException("The audit log is append-only: entries are never changed or deleted.");
        }

        if (!ChangesCredentials())
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        await using var transaction = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(cancellationToken) : null;
        var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        await RaiseCredentialVersionAsync(cancellationToken);
        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }

        return saved;
    }

    private bool ChangesCredentials() =>
        ChangeTracker.Entries().Any(entry => entry.State is EntityState.Added or EntityState.Modified or EntityState.Deleted && entry.Entity switch
        {
            AuthenticationKey or SystemRole or IdentityUserRole<string> or IdentityRoleClaim<string> => true,
            Account => entry.State != EntityState.Modified ||
                       entry.Property(nameof(Account.IsActive)).IsModified ||
                       entry.Property(nameof(Account.UserName)).IsModified ||
                       entry.Property(nameof(Account.DisplayName)).IsModified,
            _ => false,
        });

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
