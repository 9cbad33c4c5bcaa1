using Microsoft.Extensions.Options;

namespace ApiKeys.Domain.Hmac;

/// <summary>How signed API calls are checked, bound from <c>Authentication:Hmac</c>.</summary>
public sealed class HmacOptions
{
    public const string Section = "Authentication:Hmac";

    /// <summary>How far a signature's <c>created</c> (or a Comindware <c>Date</c>) may be from the server clock.</summary>
    [SettingRange(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "must be between 00:00:01 and 01:00:00")]
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(300);

    /// <summary>The largest request body that is read and digested.</summary>
    [SettingRange(1, int.MaxValue, ErrorMessage = "must be a positive number of bytes")]
    public int MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// The longest a deletion, re-dating or loss of eligibility made by another instance can go unnoticed here.
    /// The credential cache confirms itself against the database twice within this span.
    /// </summary>
    [SettingRange(typeof(TimeSpan), "00:00:00.001", "1.00:00:00", ErrorMessage = "must be a positive span, such as 00:00:01")]
    public TimeSpan RevocationBound { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How many keys the credential cache holds; beyond it, the least recently used make room.</summary>
    [SettingRange(1, int.MaxValue, ErrorMessage = "must be at least 1")]
    public int CacheCapacity { get; set; } = 100_000;

    /// <summary>
    /// How many keyids a second that match no known token are still looked up in the database, to catch a key made a
    /// moment ago on another instance; the rest are refused at once, so a flood of made-up keyids costs no reads.
    /// </summary>
    [SettingRange(0, int.MaxValue, ErrorMessage = "cannot be negative")]
    public int UnknownKeyReadsPerSecond { get; set; } = 20;

    /// <summary>"Last used" is written at most this often per key.</summary>
    [SettingRange(typeof(TimeSpan), "00:00:00", "1.00:00:00", ErrorMessage = "cannot be negative")]
    public TimeSpan LastUsedResolution { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often the calls counted per key (and "last used") are written, in one batch, by each instance.</summary>
    [SettingRange(typeof(TimeSpan), "00:00:00.01", "00:10:00", ErrorMessage = "must be between 00:00:00.01 and 00:10:00")]
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
    [SettingRange(typeof(TimeSpan), "00:00:00", "00:00:01", ErrorMessage = "must be between 00:00:00 and 00:00:01")]
    public TimeSpan ReplayBatchWindow { get; set; } = TimeSpan.Zero;

    public ComindwareSchemeOptions ComindwareScheme { get; set; } = new();
}

/// <summary>Checks <see cref="HmacOptions"/> by its annotations at start-up.</summary>
[OptionsValidator]
internal sealed partial class HmacOptionsValidator : IValidateOptions<HmacOptions>;
