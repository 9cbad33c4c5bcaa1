using ApiKeys.Domain.Accounts;
using ApiKeys.Domain.Audit;
using ApiKeys.Domain.Hmac;
using ApiKeys.Domain.Keys;
using ApiKeys.Domain.Notifications;
using ApiKeys.Domain.Usage;
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

    public DbSet<CredentialChangeEntry> CredentialChanges => Set<CredentialChangeEntry>();

    public DbSet<KeyUsageHour> KeyUsage => Set<KeyUsageHour>();

    public DbSet<RouteUsageHour> RouteUsage => Set<RouteUsageHour>();

    public DbSet<ExpiryNoticeRun> ExpiryNoticeRuns => Set<ExpiryNoticeRun>();

    private readonly List<CredentialChange> _noted = [];
    private readonly List<CredentialChange> _uncommitted = [];

    /// <summary>
    /// Notes changes that change tracking cannot see (bulk statements such as <c>ExecuteDelete</c>): the next save logs
    /// them with the tracked ones.
    /// </summary>
    public void NoteCredentialChanges(IEnumerable<CredentialChange> changes) => _noted.AddRange(changes);

    /// <summary>Logs that everything verification knows may be stale, in a transaction of its own; for changes made outside the product.</summary>
    public async Task RaiseCredentialVersionAsync(CancellationToken cancellationToken)
    {
        NoteCredentialChanges([CredentialChange.Everything]);
        await SaveChangesAsync(cancellationToken);
    }

    /// <summary>The changes logged by transactions of this context that have committed, once; see <see cref="CredentialChangePublisher"/>.</summary>
    internal IReadOnlyList<CredentialChange> TakeCommittedCredentialChanges()
    {
        if (_uncommitted.Count == 0)
        {
            return [];
        }

        CredentialChange[] committed = [.. _uncommitted.Distinct()];
        _uncommitted.Clear();
        return committed;
    }

    internal void ForgetUncommittedCredentialChanges() => _uncommitted.Clear();

    public override int SaveChanges(bool acceptAllChangesOnSuccess) =>
        SaveChangesAsync(acceptAllChangesOnSuccess).GetAwaiter().GetResult();

    /// <summary>
    /// Saves; when keys, accounts, roles or permissions change, raises the credential version and logs what changed, in
    /// the same transaction, so every instance learns of it.
    /// </summary>
    public override async Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        if (ChangeTracker.Entries<AuditEntry>().Any(e => e.State is EntityState.Modified or EntityState.Deleted))
        {
            throw new InvalidOperationException("The audit log is append-only: entries are never changed or deleted.");
        }

        var changes = CredentialChangesInTracker().Concat(_noted).Distinct().ToList();
        if (changes.Count == 0)
        {
            return await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        }

        await using var transaction = Database.CurrentTransaction is null ? await Database.BeginTransactionAsync(cancellationToken) : null;
        // Raising the one counter row first holds its lock until commit: versions commit in the order they are given.
        await CredentialVersions.ExecuteUpdateAsync(v => v.SetProperty(x => x.Value, x => x.Value + 1), cancellationToken);
        var version = await CredentialVersions.AsNoTracking().Where(v => v.Id == CredentialVersion.SingletonId).Select(v => v.Value).SingleAsync(cancellationToken);
        CredentialChanges.AddRange(changes.Select(c => new CredentialChangeEntry { Version = version, Scope = CredentialChange.ScopeName(c.Scope), Subject = c.Subject }));
        var saved = await base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
        _noted.Clear();
        _uncommitted.AddRange(changes);
        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }

        return saved;
    }

    private IEnumerable<CredentialChange> CredentialChangesInTracker()
    {
        foreach (var entry in ChangeTracker.Entries())
        {
            if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted))
            {
                continue;
            }

            switch (entry.Entity)
            {
                case AuthenticationKey key:
                    yield return CredentialChange.Key(key.Token);
                    break;
                case Account account when entry.State != EntityState.Modified ||
                                          entry.Property(nameof(Account.IsActive)).IsModified ||
                                          entry.Property(nameof(Account.UserName)).IsModified ||
                                          entry.Property(nameof(Account.DisplayName)).IsModified:
                    yield return CredentialChange.Account(account.Id);
                    break;
                case IdentityUserRole<string> membership:
                    yield return CredentialChange.Account(membership.UserId);
                    break;
                case SystemRole when entry.State != EntityState.Added: // a role's name is in its members' claims
                case IdentityRoleClaim<string>:
                    yield return CredentialChange.Everything;
                    break;
            }
        }
    }

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
