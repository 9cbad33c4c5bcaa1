using ApiKeys.Domain.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ApiKeys.Domain.Storage.Configurations;

internal sealed class AccountConfiguration : IEntityTypeConfiguration<Account>
{
    public void Configure(EntityTypeBuilder<Account> account)
    {
        account.ToTable("Accounts");
        account.Property(a => a.DisplayName).HasMaxLength(200);
        account.Property(a => a.NormalizedDisplayName).HasMaxLength(200);
        account.HasIndex(a => a.NormalizedDisplayName);
    }
}

internal sealed class SystemRoleConfiguration : IEntityTypeConfiguration<SystemRole>
{
    public void Configure(EntityTypeBuilder<SystemRole> role) => role.ToTable("SystemRoles");
}

internal sealed class SystemRoleClaimConfiguration : IEntityTypeConfiguration<IdentityRoleClaim<string>>
{
    public void Configure(EntityTypeBuilder<IdentityRoleClaim<string>> claim)
    {
        claim.Property(c => c.ClaimType).HasMaxLength(100);
        claim.Property(c => c.ClaimValue).HasMaxLength(100);
        claim.HasIndex(c => new { c.ClaimType, c.ClaimValue });
    }
}
