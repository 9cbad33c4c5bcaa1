using System.Security.Cryptography;
namespace ApiKeys.Domain.Hmac;

/// <summary>What verification needs to know of a key, held in memory: the decrypted secret and the account's standing.</summary>
public sealed class KeyCredential
{
    private readonly byte[] _secret = [];

    public required Guid KeyId { get; init; }

    public required string Token { get; init; }

    /// <summary>The key's name, for the gateway's <c>X-ApiKeys-Key-Name</c>.</summary>
    public string Name { get; init; } = "";

    /// <summary>The scopes the key may call; empty for every route.</summary>
    public IReadOnlyList<string> Scopes { get; init; } = [];

    /// <summary>The ranges the key may call from; empty for anywhere.</summary>
    public System.Net.IPNetwork[] AllowFrom { get; init; } = [];

    /// <summary>How often the key may call; null for as often as it likes.</summary>
    public Limits.RateLimit? Rate { get; init; }

    /// <summary>The key's quota; null for none. Its calls left live in the database, spent per call.</summary>
    public Limits.Quota? Quota { get; init; }

    public required string AccountId { get; init; }

    public required string Login { get; init; }

    public required string DisplayName { get; init; }

    public required DateTimeOffset ExpiresAt { get; init; }

    public required bool AccountEligible { get; init; }

    /// <summary>Disabled by an administrator: refused as <see cref="HmacFailure.KeyDisabled"/>.</summary>
    public bool IsDisabled { get; init; }

    public required IReadOnlyList<string> Roles { get; init; }

    /// <summary>The HMAC key (the base64-decoded secret).</summary>
    public required byte[] Secret
    {
        get => _secret;
        init
        {
            _secret = value;
            HmacSha256 = new KeyedHmac(HashAlgorithmName.SHA256, value);
        }
    }

    /// <summary>HMAC-SHA256 under <see cref="Secret"/>, kept keyed while the key is cached.</summary>
    public KeyedHmac HmacSha256 { get; private init; } = null!;

    /// <summary>HMAC-SHA512 under <see cref="Secret"/> for the Comindware scheme, made at its first use and kept keyed while the key is cached.</summary>
    public KeyedHmac HmacSha512 => _hmacSha512 ?? MakeHmacSha512();

    private KeyedHmac? _hmacSha512;

    private KeyedHmac MakeHmacSha512()
    {
        Interlocked.CompareExchange(ref _hmacSha512, new KeyedHmac(HashAlgorithmName.SHA512, _secret), null);
        return _hmacSha512;
    }

    public override string ToString() => $"KeyCredential {{ Token = {Token}, Login = {Login} }}";
}
