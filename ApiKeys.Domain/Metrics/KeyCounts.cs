using System.Diagnostics.Metrics;
using ApiKeys.Domain.Keys;

namespace ApiKeys.Domain.Metrics;

/// <summary>
/// The keys by status as last counted, for the <c>apikeys.keys</c> gauge: the gauge is read on every scrape, the
/// database at most once a minute (<see cref="KeyCountsRefresher"/>).
/// </summary>
public sealed class KeyCounts
{
    private volatile Measurement<long>[] _counts = [];

    public void Update(IReadOnlyDictionary<KeyStatus, int> counts) =>
        _counts = [.. Enum.GetValues<KeyStatus>().Select(status => new Measurement<long>(
            counts.GetValueOrDefault(status), new KeyValuePair<string, object?>("status", Name(status))))];

    public IEnumerable<Measurement<long>> Observe() => _counts;

    /// <summary>The status as a tag: lower case, words joined by hyphens (<c>expiring-soon</c>).</summary>
    public static string Name(KeyStatus status) => status switch
    {
        KeyStatus.ExpiringSoon => "expiring-soon",
        KeyStatus.AccountNotEligible => "account-not-eligible",
        _ => status.ToString().ToLowerInvariant(),
    };
}
