namespace ApiKeys.Domain.Hmac;

/// <summary>How signed API calls are checked, bound from <c>Authentication:Hmac</c>.</summary>
public sealed class HmacOptions
{
    public const string Section = "Authentication:Hmac";

    /// <summary>How far a signature's <c>created</c> (or a Comindware <c>Date</c>) may be from the server clock.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(300);

    /// <summary>The largest request body that is read and digested.</summary>
    public int MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// The longest a deletion, re-dating or loss of eligibility made by another instance can go unnoticed here.
    /// The credential cache confirms itself against the database twice within this span.
    /// </summary>
    public TimeSpan RevocationBound { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How many keys the credential cache holds; beyond it, the least recently used make room.</summary>
    public int CacheCapacity { get; set; } = 100_000;

    /// <summary>
    /// How many keyids a second that match no known token are still looked up in the database, to catch a key made a
    /// moment ago on another instance; the rest are refused at once, so a flood of made-up keyids costs no reads.
    /// </summary>
    public int UnknownKeyReadsPerSecond { get; set; } = 20;

    /// <summary>"Last used" is written at most this often per key.</summary>
    public TimeSpan LastUsedResolution { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often the calls counted per key (and "last used") are written, in one batch, by each instance.</summary>
    public TimeSpan UsageFlushInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Where used nonces are kept: <c>Database</c> (the default: shared by every instance, kept over restarts),
    /// <c>Redis</c> (shared, needs <c>ConnectionStrings:Redis</c>) or <c>Memory</c> (the fastest, for one instance only;
    /// it forgets on a restart, so it refuses signatures created before the app started or in its first second).
    /// </summary>
    public ReplayStoreKind ReplayStore { get; set; } = ReplayStoreKind.Database;

    /// <summary>
    /// How long the database and Redis replay stores let a batch gather after its first nonce before writing it:
    /// longer means fewer, larger writes and a little more latency. Zero: a batch is whatever arrived during the
    /// previous write.
    /// </summary>
    public TimeSpan ReplayBatchWindow { get; set; } = TimeSpan.Zero;

    public ComindwareSchemeOptions ComindwareScheme { get; set; } = new();
}

public enum ReplayStoreKind
{
    Database,
    Redis,
    Memory,
}

/// <summary>The opt-in compatibility scheme of Comindware's .NET client.</summary>
public sealed class ComindwareSchemeOptions
{
    public bool Enabled { get; set; }
}
