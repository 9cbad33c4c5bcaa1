using ApiKeys.Domain.Usage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ApiKeys.Domain.Storage.Configurations;

internal sealed class RouteUsageHourConfiguration : IEntityTypeConfiguration<RouteUsageHour>
{
    public void Configure(EntityTypeBuilder<RouteUsageHour> usage)
    {
        usage.ToTable("RouteUsage");
        usage.HasKey(u => new { u.Route, u.Hour });
        usage.Property(u => u.Route).HasMaxLength(RouteUsageHour.MaxRouteLength);
        usage.HasIndex(u => u.Hour); // forgetting old hours is a range of this index
    }
}
