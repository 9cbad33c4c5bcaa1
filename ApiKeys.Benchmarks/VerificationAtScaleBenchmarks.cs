using ApiKeys.Client;
using ApiKeys.Domain.Hmac;
using ApiKeys.Domain.Keys;
using ApiKeys.Domain.Storage;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ApiKeys.Benchmarks;

/// <summary>
/// Verification in a large installation (1,000,000 keys unless APIKEYS_BENCH_KEYS says otherwise) whose traffic spreads
/// over twice as many keys as the credential cache holds (10,000): about half the calls find their key cached, the
/// others read one row and push the least recently used key out. The replay check is left out, as in
/// <see cref="VerificationBenchmarks"/>.
/// </summary>
[MemoryDiagnoser]
public class VerificationAtScaleBenchmarks
{
    private const int CacheCapacity = 10_000;
    private const int Calls = 1_000;
    private BenchmarkDatabase _database = null!;
    private HmacVerifier _verifier = null!;
    private HmacRequest[] _requests = [];
    private string[] _tokens = [];
    private KeySecrets _secrets = null!;
    private string _protectedSecret = "";
    private readonly Random _random = new(11);

    [ParamsSource(nameof(Providers))]
    public string Provider { get; set; } = "Sqlite";

    public static IEnumerable<string> Providers => KeyListBenchmarks.Providers;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _database = await BenchmarkDatabase.CreateAsync(Provider,
            new Dictionary<string, string?>
            {
                ["Authentication:Hmac:CacheCapacity"] = CacheCapacity.ToString(),
                ["Authentication:Hmac:RevocationBound"] = "01:00:00", // confirmed once here: stays trusted
                ["Authentication:Hmac:ClockSkew"] = "01:00:00", // the requests are signed once, before the runs (an hour is the most allowed)
            },
            services => services.AddSingleton<IReplayStore, VerificationBenchmarks.AcceptingReplayStore>());
        var accounts = new List<string>();
        for (var i = 0; i < 200; i++)
        {
            accounts.Add(await _database.EligibleAccountAsync($"system-{i:000}", $"External system {i:000}"));
        }

        var keys = await _database.AddKeysAsync(accounts, KeyListBenchmarks.KeyCount, seed: 3, allValid: true);
        var cache = _database.Services.GetRequiredService<CredentialCache>();
        await cache.ConfirmAsync(CancellationToken.None);
        await cache.LoadKnownTokensAsync(CancellationToken.None);
        _verifier = _database.Services.GetRequiredService<HmacVerifier>();
        var workingSet = keys.OrderBy(_ => _random.Next()).Take(Math.Min(keys.Count, 2 * CacheCapacity));
        _tokens = [.. workingSet.Select(key => key.Token)];
        _requests = await Task.WhenAll(_tokens.Select(SignedAsync));
        _secrets = _database.Services.GetRequiredService<KeySecrets>();
        _protectedSecret = _secrets.Protect(BenchmarkDatabase.Secret);
        foreach (var request in _requests.Take(CacheCapacity))
        {
            await VerifyAsync(request); // fills the cache
        }
    }

    [GlobalCleanup]
    public async Task CleanupAsync() => await _database.DisposeAsync();

    [Benchmark(OperationsPerInvoke = Calls)]
    public async Task Verify_with_a_working_set_twice_the_cache()
    {
        for (var i = 0; i < Calls; i++)
        {
            await VerifyAsync(_requests[_random.Next(_requests.Length)]);
        }
    }

    // What a miss is made of, to say what dominates it: the key's row read through EF Core with a context of its own,
    // and unprotecting the secret with Data Protection.
    [Benchmark(OperationsPerInvoke = Calls)]
    public async Task Part_of_a_miss_read_one_key_row()
    {
        var factory = _database.Services.GetRequiredService<IDbContextFactory<ApiKeysDbContext>>();
        for (var i = 0; i < Calls; i++)
        {
            var token = _tokens[_random.Next(_tokens.Length)];
            await using var db = await factory.CreateDbContextAsync();
            _ = await db.AuthenticationKeys.AsNoTracking().Where(k => k.Token == token)
                .Select(k => new { k.Id, k.AccountId, k.ProtectedSecret, k.ExpiresAt, k.IsDisabled }).FirstOrDefaultAsync();
        }
    }

    // The read a miss makes: one parameterised statement on a pooled connection of its own (KeyRowReader).
    [Benchmark(OperationsPerInvoke = Calls)]
    public async Task Part_of_a_miss_read_one_key_row_with_ADO_NET()
    {
        var rows = new KeyRowReader(new CallPathConnections(_database.Services.GetRequiredService<IDbContextFactory<ApiKeysDbContext>>()));
        for (var i = 0; i < Calls; i++)
        {
            _ = await rows.ReadAsync(_tokens[_random.Next(_tokens.Length)], CancellationToken.None);
        }
    }

    [Benchmark(OperationsPerInvoke = Calls)]
    public void Part_of_a_miss_unprotect_one_secret()
    {
        for (var i = 0; i < Calls; i++)
        {
            _ = _secrets.Unprotect(_protectedSecret);
        }
    }

    private async Task VerifyAsync(HmacRequest request)
    {
        if ((await _verifier.VerifyAsync(request, CancellationToken.None)).Rejection is { } rejection)
        {
            throw new InvalidOperationException($"The benchmark request is refused: {rejection.Detail}");
        }
    }

    private static async Task<HmacRequest> SignedAsync(string token)
    {
        var message = new HttpRequestMessage(HttpMethod.Get, "http://keys.example.com/api/v1/account");
        await HmacSigningHandler.SignAsync(message, new HmacCredentials(token, BenchmarkDatabase.Secret), DateTimeOffset.UtcNow, MessageSignature.NewNonce());
        var headers = new HeaderDictionary();
        foreach (var header in message.Headers)
        {
            headers[header.Key] = header.Value.Single();
        }

        return new HmacRequest { Method = "GET", Authority = "keys.example.com", RawTarget = "/api/v1/account", Headers = headers };
    }
}
