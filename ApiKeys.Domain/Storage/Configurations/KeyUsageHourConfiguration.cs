using ApiKeys.Domain.Keys;
using ApiKeys.Domain.Usage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ApiKeys.Domain.Storage.Configurations;

internal sealed class KeyUsageHourConfiguration : IEntityTypeConfiguration<KeyUsageHour>
{
    public void Configure(EntityTypeBuilder<KeyUsageHour> usage)
    {
        usage.ToTable("KeyUsage");
        usage.HasKey(u => new { u.KeyId, u.Hour });
        usage.Ignore(u => u.Reasons);
        usage.HasIndex(u => u.Hour); // forgetting old hours is a range of this index
        usage.HasOne<AuthenticationKey>().WithMany().HasForeignKey(u => u.KeyId).OnDelete(DeleteBehavior.Cascade);
    }
}
