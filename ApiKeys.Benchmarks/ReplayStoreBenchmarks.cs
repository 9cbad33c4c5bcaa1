using ApiKeys.Client;
using ApiKeys.Domain.Hmac;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;

namespace ApiKeys.Benchmarks;

/// <summary>
/// What a shared replay store costs per nonce when many requests arrive at once: 256 concurrent calls, each a fresh
/// nonce, as a busy instance sends them; and 32 callers each waiting for its answer before the next call, as 32
/// connections of a load test do. The database store groups them into statements; Redis pipelines them.
/// </summary>
[MemoryDiagnoser]
public class ReplayStoreBenchmarks
{
    private const int Concurrent = 256;
    private BenchmarkDatabase _database = null!;
    private IReplayStore _store = null!;
    private string[] _nonces = [];

    [ParamsSource(nameof(Stores))]
    public string Store { get; set; } = "Sqlite";

    public static IEnumerable<string> Stores =>
        new[] { "Sqlite" }
            .Concat(BenchmarkDatabase.PostgresServer is null ? [] : ["PostgreSql"])
            .Concat(BenchmarkDatabase.RedisServer is null ? [] : ["Redis"]);

    [GlobalSetup]
    public async Task SetupAsync()
    {
        var settings = Store == "Redis"
            ? new Dictionary<string, string?> { ["Authentication:Hmac:ReplayStore"] = "Redis", ["ConnectionStrings:Redis"] = BenchmarkDatabase.RedisServer }
            : null;
        _database = await BenchmarkDatabase.CreateAsync(Store == "PostgreSql" ? "PostgreSql" : "Sqlite", settings);
        _store = _database.Services.GetRequiredService<IReplayStore>();
        _nonces = [.. Enumerable.Range(0, Concurrent).Select(_ => MessageSignature.NewNonce())];
    }

    [GlobalCleanup]
    public async Task CleanupAsync() => await _database.DisposeAsync();

    [Benchmark(OperationsPerInvoke = 32 * 64)]
    public async Task Remember_32_callers_64_nonces_each()
    {
        var until = DateTimeOffset.UtcNow.AddMinutes(5);
        await Task.WhenAll(Enumerable.Range(0, 32).Select(async caller =>
        {
            var token = Guid.NewGuid().ToString("n");
            for (var i = 0; i < 64; i++)
            {
                if (!await _store.TryRememberAsync(token, _nonces[i], until, CancellationToken.None))
                {
                    throw new InvalidOperationException("A fresh nonce was taken for a replay.");
                }
            }
        }));
    }

    [Benchmark(OperationsPerInvoke = Concurrent)]
    public async Task Remember_256_concurrent_nonces()
    {
        var token = Guid.NewGuid().ToString("n"); // a fresh key each time: every nonce is new
        var until = DateTimeOffset.UtcNow.AddMinutes(5);
        var calls = new Task<bool>[Concurrent];
        for (var i = 0; i < Concurrent; i++)
        {
            calls[i] = _store.TryRememberAsync(token, _nonces[i], until, CancellationToken.None).AsTask();
        }

        foreach (var taken in await Task.WhenAll(calls))
        {
            if (!taken)
            {
                throw new InvalidOperationException("A fresh nonce was taken for a replay.");
            }
        }
    }
}
