using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ApiKeys.Domain.Storage.Configurations;

internal sealed class CredentialVersionConfiguration : IEntityTypeConfiguration<CredentialVersion>
{
    public void Configure(EntityTypeBuilder<CredentialVersion> version)
    {
        version.ToTable("CredentialVersion");
        version.HasKey(v => v.Id);
        version.Property(v => v.Id).ValueGeneratedNever();
        version.HasData(new CredentialVersion { Id = CredentialVersion.SingletonId, Value = 0 });
    }
}

internal sealed class CredentialChangeEntryConfiguration : IEntityTypeConfiguration<CredentialChangeEntry>
{
    public void Configure(EntityTypeBuilder<CredentialChangeEntry> change)
    {
        change.ToTable("CredentialChanges");
        change.HasKey(c => new { c.Version, c.Scope, c.Subject });
        change.Property(c => c.Version).ValueGeneratedNever();
        change.Property(c => c.Scope).HasMaxLength(16).IsUnicode(false);
        change.Property(c => c.Subject).HasMaxLength(450).IsUnicode(false);
    }
}
