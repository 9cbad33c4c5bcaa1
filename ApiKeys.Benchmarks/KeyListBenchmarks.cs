using ApiKeys.Domain.Keys;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;

namespace ApiKeys.Benchmarks;

/// <summary>
/// The keys list over a large table (1,000,000 keys over 200 accounts unless APIKEYS_BENCH_KEYS says otherwise): the
/// first page, a search by account and by a piece of a token, a search with a status filter, and deleting 1,000
/// checked keys.
/// </summary>
[MemoryDiagnoser]
public class KeyListBenchmarks
{
    private BenchmarkDatabase _database = null!;
    private List<string> _accounts = [];
    private List<Guid> _doomed = [];
    private string _tokenPiece = "";

    [ParamsSource(nameof(Providers))]
    public string Provider { get; set; } = "Sqlite";

    public static IEnumerable<string> Providers => BenchmarkDatabase.PostgresServer is null ? ["Sqlite"] : ["Sqlite", "PostgreSql"];

    public static int KeyCount => int.TryParse(Environment.GetEnvironmentVariable("APIKEYS_BENCH_KEYS"), out var count) ? count : 1_000_000;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _database = await BenchmarkDatabase.CreateAsync(Provider);
        for (var i = 0; i < 200; i++)
        {
            _accounts.Add(await _database.EligibleAccountAsync($"system-{i:000}", $"External system {i:000}"));
        }

        var keys = await _database.AddKeysAsync(_accounts, KeyCount, seed: 7);
        _tokenPiece = keys[keys.Count / 2].Token[10..20]; // ten hex digits from the middle of one token
    }

    [GlobalCleanup]
    public async Task CleanupAsync() => await _database.DisposeAsync();

    [IterationSetup(Target = nameof(Delete_1000_checked_keys))]
    public void AddKeysToDelete() =>
        _doomed = [.. _database.AddKeysAsync(_accounts, 1_000, seed: Environment.TickCount).GetAwaiter().GetResult().Select(k => k.Id)];

    [Benchmark]
    public Task<KeyPage> First_page_sorted_by_expiry() =>
        QueryAsync(new KeyQuery(Page: 0, PageSize: 25, SortBy: KeySort.Expires));

    [Benchmark]
    public Task<KeyPage> Search_by_account() =>
        QueryAsync(new KeyQuery(Page: 0, PageSize: 25, SortBy: KeySort.Expires, Search: "system-123"));

    [Benchmark]
    public Task<KeyPage> Search_by_piece_of_token() =>
        QueryAsync(new KeyQuery(Page: 0, PageSize: 25, SortBy: KeySort.Expires, Search: _tokenPiece));

    [Benchmark]
    public Task<KeyPage> Search_and_status_filter() =>
        QueryAsync(new KeyQuery(Page: 0, PageSize: 25, SortBy: KeySort.Expires, Search: "system 01", Status: KeyStatus.ExpiringSoon));

    [Benchmark]
    public async Task<int> Delete_1000_checked_keys()
    {
        await using var scope = _database.Services.CreateAsyncScope();
        var deleted = await scope.ServiceProvider.GetRequiredService<IAuthenticationKeyService>().DeleteAsync(_doomed, CancellationToken.None);
        return deleted.Value == _doomed.Count ? deleted.Value : throw new InvalidOperationException($"deleted {deleted.Value} of {_doomed.Count}");
    }

    private async Task<KeyPage> QueryAsync(KeyQuery query)
    {
        await using var scope = _database.Services.CreateAsyncScope();
        var page = await scope.ServiceProvider.GetRequiredService<IAuthenticationKeyService>().QueryAsync(query, CancellationToken.None);
        return page.TotalCount > 0 || query.Status is not null ? page : throw new InvalidOperationException($"{query.Search} found nothing");
    }
}
