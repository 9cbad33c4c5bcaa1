using ApiKeys.Domain.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ApiKeys.Domain.Storage.Configurations;

internal sealed class ExpiryNoticeRunConfiguration : IEntityTypeConfiguration<ExpiryNoticeRun>
{
    public void Configure(EntityTypeBuilder<ExpiryNoticeRun> run)
    {
        run.ToTable("ExpiryNoticeRuns");
        run.HasKey(r => r.Day);
    }
}
