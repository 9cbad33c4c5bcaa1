namespace ApiKeys.Domain.Hmac;

/// <summary>Where used nonces are kept (see <see cref="HmacOptions.ReplayStore"/>).</summary>
public enum ReplayStoreKind
{
    Database,
    Redis,
    Memory,
}
