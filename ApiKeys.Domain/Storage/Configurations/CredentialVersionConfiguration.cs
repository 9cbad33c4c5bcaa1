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
