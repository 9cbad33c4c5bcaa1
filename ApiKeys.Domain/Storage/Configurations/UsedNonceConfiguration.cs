using ApiKeys.Domain.Hmac;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ApiKeys.Domain.Storage.Configurations;

internal sealed class UsedNonceConfiguration : IEntityTypeConfiguration<UsedNonce>
{
    public void Configure(EntityTypeBuilder<UsedNonce> nonce)
    {
        nonce.ToTable("UsedNonces");
        nonce.HasKey(n => new { n.Token, n.Nonce });
        nonce.Property(n => n.Token).HasMaxLength(64).IsUnicode(false);
        nonce.Property(n => n.Nonce).HasMaxLength(128).IsUnicode(false);
        nonce.HasIndex(n => n.RememberUntil);
    }
}
