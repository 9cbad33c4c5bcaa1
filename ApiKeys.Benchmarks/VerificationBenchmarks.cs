using ApiKeys.Client;
using ApiKeys.Domain;
using ApiKeys.Domain.Hmac;
using ApiKeys.Domain.Keys;
using ApiKeys.Domain.Limits;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace ApiKeys.Benchmarks;

/// <summary>
/// Full verification of a signed request with a warm credential cache, as every API call pays it.
/// The replay check is left out (an accepting store stands in): a benchmark repeats one request, which a real replay
/// store would rightly refuse after the first time. The load test (scripts/load-test.sh) covers it with fresh nonces.
/// </summary>
[MemoryDiagnoser]
public class VerificationBenchmarks
{
    private BenchmarkDatabase _database = null!;
    private HmacVerifier _verifier = null!;
    private HmacRequest _rfc9421 = null!;
    private HmacRequest _comindware = null!;
    private HmacRequest _scoped = null!;
    private HmacRequest _limited = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _database = await BenchmarkDatabase.CreateAsync("Sqlite",
            new Dictionary<string, string?>
            {
                ["Authentication:Hmac:RevocationBound"] = "01:00:00", // the refresher is not running here: keep the warm cache trusted
                ["Authentication:Hmac:ComindwareScheme:Enabled"] = "true",
            },
            services => services.AddSingleton<IReplayStore, AcceptingReplayStore>());
        await _database.EligibleAccountAsync("integration.bot", "Integration bot");
        Result<CreatedKey> created;
        await using (var scope = _database.Services.CreateAsyncScope())
        {
            created = await scope.ServiceProvider.GetRequiredService<IAuthenticationKeyService>()
                .CreateAsync("integration.bot", DateTimeOffset.UtcNow.AddDays(30), CancellationToken.None);
        }

        var key = created.Value!;
        CreatedKey scoped;
        await using (var scope = _database.Services.CreateAsyncScope())
        {
            // A key limited to three scopes, calling the last of them: the scope check's dearest case.
            scoped = (await scope.ServiceProvider.GetRequiredService<IAuthenticationKeyService>().CreateAsync(
                new KeyDraft("integration.bot", DateTimeOffset.UtcNow.AddDays(30), Scopes: ["orders", "reporting", KeyScopes.ApiKeysApi]), CancellationToken.None)).Value!;
        }

        CreatedKey limited;
        await using (var scope = _database.Services.CreateAsyncScope())
        {
            // A key allowed three ranges (called from the last) with a rate limit in memory (never reached here).
            limited = (await scope.ServiceProvider.GetRequiredService<IAuthenticationKeyService>().CreateAsync(
                new KeyDraft("integration.bot", DateTimeOffset.UtcNow.AddDays(30),
                    Limits: new KeyLimits(["10.0.0.0/8", "2001:db8::/32", "203.0.113.0/24"], new RateLimit(RateLimit.MaxCalls, RatePeriod.Second))),
                CancellationToken.None)).Value!;
        }

        _verifier = _database.Services.GetRequiredService<HmacVerifier>();
        var cache = _database.Services.GetRequiredService<CredentialCache>();
        await cache.ConfirmAsync(CancellationToken.None);
        _rfc9421 = await SignedAsync(key, KeyScopes.ApiKeysApi);
        _scoped = await SignedAsync(scoped, "reporting");
        _comindware = Comindware(key);
        _limited = await SignedAsync(limited, KeyScopes.ApiKeysApi);
        _limited = new HmacRequest
        {
            Method = _limited.Method, Authority = _limited.Authority, RawTarget = _limited.RawTarget, Headers = _limited.Headers, Scope = _limited.Scope,
            ClientAddress = System.Net.IPAddress.Parse("203.0.113.9"),
        };

        foreach (var request in new[] { _rfc9421, _scoped, _comindware, _limited })
        {
            var verification = await _verifier.VerifyAsync(request, CancellationToken.None); // warms the cache
            if (verification.Rejection is { } rejection)
            {
                throw new InvalidOperationException($"The benchmark request is refused: {rejection.Detail}");
            }
        }
    }

    [GlobalCleanup]
    public async Task CleanupAsync() => await _database.DisposeAsync();

    [Benchmark]
    public ValueTask<HmacVerification> Verify_Rfc9421() => _verifier.VerifyAsync(_rfc9421, CancellationToken.None);

    /// <summary>The same with a key limited to three scopes (compare with <see cref="Verify_Rfc9421"/>, a key with none).</summary>
    [Benchmark]
    public ValueTask<HmacVerification> Verify_Rfc9421_KeyWithThreeScopes() => _verifier.VerifyAsync(_scoped, CancellationToken.None);

    /// <summary>
    /// The same with a key allowed three address ranges and held to a rate limit (counted in memory): what limits add
    /// on one instance. A quota adds one database statement per call, measured by the load test, not here.
    /// </summary>
    [Benchmark]
    public ValueTask<HmacVerification> Verify_Rfc9421_KeyWithRangesAndRateLimit() => _verifier.VerifyAsync(_limited, CancellationToken.None);

    [Benchmark]
    public ValueTask<HmacVerification> Verify_Comindware() => _verifier.VerifyAsync(_comindware, CancellationToken.None);

    private static async Task<HmacRequest> SignedAsync(CreatedKey key, string scope)
    {
        var message = new HttpRequestMessage(HttpMethod.Get, "http://keys.example.com/api/v1/account");
        await HmacSigningHandler.SignAsync(message, new HmacCredentials(key.Key.Token, key.Secret), DateTimeOffset.UtcNow, MessageSignature.NewNonce());
        var headers = new HeaderDictionary();
        foreach (var header in message.Headers)
        {
            headers[header.Key] = header.Value.Single();
        }

        return new HmacRequest { Method = "GET", Authority = "keys.example.com", RawTarget = "/api/v1/account", Headers = headers, Scope = scope };
    }

    private static HmacRequest Comindware(CreatedKey key)
    {
        var date = DateTimeOffset.UtcNow.ToString("r");
        var text = ComindwareSignature.StringToSign("GET", "/api/v1/account", date, null, null, ComindwareSignature.BodyHash([]));
        var headers = new HeaderDictionary
        {
            ["Date"] = date,
            ["Authorization"] = ComindwareSignature.Authorization(key.Key.Token, ComindwareSignature.Sign(key.Secret, text)),
        };
        return new HmacRequest { Method = "GET", Authority = "keys.example.com", RawTarget = "/api/v1/account", Headers = headers };
    }

    internal sealed class AcceptingReplayStore : IReplayStore
    {
        public ValueTask<bool> TryRememberAsync(string token, string nonce, DateTimeOffset rememberUntil, CancellationToken cancellationToken) =>
            ValueTask.FromResult(true);
    }
}
