using ApiKeys.Domain.Hmac;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ApiKeys.Domain.Storage.Configurations;

internal sealed class UsedNonceConfiguration : IEntityTypeConfiguration<UsedNonce>
{
    public void Configure(EntityTypeBuilder<UsedNonce> nonce)
    {
        nonce.ToTable("UsedNonces");
        nonce.HasKey(n => new { n.RememberUntil, n.Fingerprint });
        nonce.Property(n => n.Fingerprint).HasMaxLength(ReplayFingerprint.Length).IsFixedLength();
    }
}
