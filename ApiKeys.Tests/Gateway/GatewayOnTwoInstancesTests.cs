using System.Net;
using ApiKeys.Domain;
using ApiKeys.Domain.Keys;
using ApiKeys.Tests.Support;

namespace ApiKeys.Tests.Gateway;

/// <summary>
/// Two instances on one PostgreSQL database behind a load balancer, each a gateway: a key disabled, narrowed or deleted
/// through one is refused by the other's gateway within the revocation bound, before the upstream sees the call.
/// </summary>
[Trait("Category", "Postgres")]
public sealed class GatewayOnTwoInstancesTests : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(1);
    private Upstream _upstream = null!;
    private ApiKeysApp _a = null!;
    private ApiKeysApp _b = null!;

    public async Task InitializeAsync()
    {
        _upstream = await Upstream.StartAsync();
        (_a, _b) = await ApiKeysApp.PairOnPostgresAsync(GatewayApp.Routes(_upstream.Address));
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        await _upstream.DisposeAsync();
    }

    [Fact]
    public async Task A_key_disabled_narrowed_or_deleted_through_A_is_refused_by_Bs_gateway_within_the_bound()
    {
        var disabled = await _a.CreateKeyAsync("integration.bot");
        var narrowed = await _a.CreateKeyAsync("integration.bot");
        var deleted = await _a.CreateKeyAsync("integration.bot");
        using var viaDisabled = _b.SignedClient(disabled);
        using var viaNarrowed = _b.SignedClient(narrowed);
        using var viaDeleted = _b.SignedClient(deleted);
        foreach (var client in new[] { viaDisabled, viaNarrowed, viaDeleted })
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/orders/1")).StatusCode); // B holds the three keys
        }

        await _a.WithAsync<IAuthenticationKeyService, Result<int>>(keys => keys.SetDisabledAsync([disabled.Key.Id], true, CancellationToken.None));
        await _a.WithAsync<IAuthenticationKeyService, Result<AuthenticationKeyRow>>(keys =>
            keys.UpdateAsync(narrowed.Key.Id, KeyUpdate.Scoped(["reporting"]), narrowed.Key.Version, CancellationToken.None));
        await _a.WithAsync<IAuthenticationKeyService, Result<int>>(keys => keys.DeleteAsync([deleted.Key.Id], CancellationToken.None));

        foreach (var (client, refusal) in new[] { (viaDisabled, HttpStatusCode.Unauthorized), (viaNarrowed, HttpStatusCode.Forbidden), (viaDeleted, HttpStatusCode.Unauthorized) })
        {
            var (status, elapsed) = await Eventually.TimedAsync(async () => (await client.GetAsync("/orders/1")).StatusCode, s => s == refusal,
                within: TimeSpan.FromSeconds(5), every: TimeSpan.FromMilliseconds(10));
            Assert.Equal(refusal, status);
            Assert.True(elapsed <= Bound + TimeSpan.FromMilliseconds(500), $"B's gateway refused after {elapsed.TotalMilliseconds:0} ms");
        }

        // Once refused, a call never reaches the upstream.
        var seen = _upstream.Requests.Count;
        foreach (var client in new[] { viaDisabled, viaNarrowed, viaDeleted })
        {
            Assert.NotEqual(HttpStatusCode.OK, (await client.GetAsync("/orders/1")).StatusCode);
        }

        Assert.Equal(seen, _upstream.Requests.Count);
    }
}
