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

    /// <summary>How many keys the credential cache holds before it starts over.</summary>
    public int CacheCapacity { get; set; } = 100_000;

    /// <summary>"Last used" is written at most this often per key.</summary>
    public TimeSpan LastUsedResolution { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Where used nonces are kept: <c>Memory</c> (one instance only) or <c>Database</c> (shared by every instance).
    /// Unset: memory on SQLite, the database on SQL Server and PostgreSQL, which several instances may share.
    /// </summary>
    public ReplayStoreKind? ReplayStore { get; set; }

    public ComindwareSchemeOptions ComindwareScheme { get; set; } = new();
}

public enum ReplayStoreKind
{
    Memory,
    Database,
}

/// <summary>The opt-in compatibility scheme of Comindware's .NET client.</summary>
public sealed class ComindwareSchemeOptions
{
    public bool Enabled { get; set; }
}
