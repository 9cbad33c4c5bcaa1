using ApiKeys.Domain.Keys;
using ApiKeys.Domain.Limits;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ApiKeys.Domain.Storage.Configurations;

internal sealed class AuthenticationKeyConfiguration : IEntityTypeConfiguration<AuthenticationKey>
{
    public void Configure(EntityTypeBuilder<AuthenticationKey> key)
    {
        key.ToTable("AuthenticationKeys");
        key.HasKey(k => k.Id);
        key.Property(k => k.Id).ValueGeneratedNever();
        key.Property(k => k.Token).HasMaxLength(64).IsUnicode(false);
        key.HasIndex(k => k.Token).IsUnique();
        key.Property(k => k.Name).HasMaxLength(KeyNames.MaxLength);
        key.Property(k => k.NormalizedName).HasMaxLength(KeyNames.MaxLength);
        key.Property(k => k.Description).HasMaxLength(KeyNames.MaxDescriptionLength);
        key.HasIndex(k => k.NormalizedName);
        key.Property(k => k.ProtectedSecret).HasMaxLength(1024).IsUnicode(false);
        key.Property(k => k.AccountId).HasMaxLength(450);
        key.Property(k => k.CreatedBy).HasMaxLength(256);
        key.Property(k => k.LastClientAddress).HasMaxLength(64);
        key.Property(k => k.LastUserAgent).HasMaxLength(AuthenticationKey.MaxUserAgentLength);
        key.Property(k => k.Version).IsConcurrencyToken();
        key.Property(k => k.ScopeList).HasColumnName("Scopes").HasMaxLength(KeyScopes.MaxCount * (KeyScopes.MaxLength + 1)).IsUnicode(false);
        key.Ignore(k => k.Scopes);

        // Limits: the ranges and the rate as text, like the scopes; the quota's calls left spent by one atomic UPDATE.
        key.Property(k => k.AllowFromList).HasColumnName("AllowFrom").HasMaxLength(AddressRanges.MaxCount * 44).IsUnicode(false);
        key.Property(k => k.RateLimitText).HasColumnName("RateLimit").HasMaxLength(16).IsUnicode(false);
        key.Property(k => k.QuotaRefillText).HasColumnName("QuotaRefill").HasMaxLength(8).IsUnicode(false);
        key.Ignore(k => k.Limits);

        key.HasOne(k => k.Account).WithMany().HasForeignKey(k => k.AccountId).OnDelete(DeleteBehavior.Cascade);

        // The list sorts and filters by these.
        key.HasIndex(k => k.ExpiresAt);
        key.HasIndex(k => k.CreatedAt);
        key.HasIndex(k => k.AccountId);
    }
}
