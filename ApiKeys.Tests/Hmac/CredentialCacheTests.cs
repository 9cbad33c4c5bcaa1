using ApiKeys.Domain.Hmac;
using ApiKeys.Domain.Keys;
using ApiKeys.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ApiKeys.Tests.Hmac;

/// <summary>The credential cache on a real SQLite file: what it reads, keeps and forgets.</summary>
public sealed class CredentialCacheTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private CredentialCache _cache = null!;

    private DateTimeOffset Now => _db.Clock.GetUtcNow();

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync(new Dictionary<string, string?>
        {
            ["Authentication:Hmac:CacheCapacity"] = "3",
            ["Authentication:Hmac:RevocationBound"] = "01:00:00", // confirmed by hand here: stays trusted
        });
        _cache = _db.Services.GetRequiredService<CredentialCache>();
        await _db.CreateEligibleAccountAsync("integration.bot");
        await _db.CreateEligibleAccountAsync("reporting.bot");
        await _cache.ConfirmAsync(default);
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task A_flood_of_made_up_keyids_costs_a_few_reads_a_second_and_pushes_out_no_real_key()
    {
        var key = await CreateKeyAsync("integration.bot");
        await _cache.LoadKnownTokensAsync(default);
        Assert.NotNull(await _cache.FindAsync(key.Token, Now, default));
        var reads = _cache.DatabaseReads;

        for (var i = 0; i < 5_000; i++)
        {
            Assert.Null(await _cache.FindAsync(KeySecrets.NewToken(), Now, default));
        }

        Assert.Equal(20, _cache.DatabaseReads - reads); // Authentication:Hmac:UnknownKeyReadsPerSecond, all in one second here
        Assert.NotNull(await _cache.FindAsync(key.Token, Now, default));
        Assert.Equal(20, _cache.DatabaseReads - reads);
    }

    [Fact]
    public async Task Before_the_tokens_are_known_made_up_keyids_are_kept_apart_and_never_push_out_a_real_key()
    {
        var key = await CreateKeyAsync("integration.bot");
        Assert.NotNull(await _cache.FindAsync(key.Token, Now, default));
        var reads = _cache.DatabaseReads;

        var made = Enumerable.Range(0, 2_000).Select(_ => KeySecrets.NewToken()).ToList();
        foreach (var token in made)
        {
            Assert.Null(await _cache.FindAsync(token, Now, default));
        }

        Assert.NotNull(await _cache.FindAsync(key.Token, Now, default));
        Assert.Equal(2_000, _cache.DatabaseReads - reads);
        Assert.Null(await _cache.FindAsync(made[^1], Now, default)); // remembered as missing: no read
        Assert.Equal(2_000, _cache.DatabaseReads - reads);
    }

    [Fact]
    public async Task A_key_made_a_moment_ago_elsewhere_is_found_though_its_token_is_not_known_yet()
    {
        await _cache.LoadKnownTokensAsync(default);
        var key = await CreateKeyElsewhereAsync("integration.bot");

        var found = await _cache.FindAsync(key.Token, Now, default);

        Assert.Equal(key.KeyId, found?.KeyId);
    }

    [Fact]
    public async Task Concurrent_misses_for_one_token_share_one_database_read()
    {
        var key = await CreateKeyAsync("integration.bot");
        var reads = _cache.DatabaseReads;

        var found = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => _cache.FindAsync(key.Token, Now, default).AsTask()));

        Assert.All(found, credential => Assert.Equal(key.Id, credential?.KeyId));
        Assert.Equal(1, _cache.DatabaseReads - reads);
    }

    [Fact]
    public async Task Beyond_its_capacity_the_cache_keeps_the_keys_in_use_and_lets_the_least_recently_used_go()
    {
        var keys = new List<AuthenticationKeyRow>();
        for (var i = 0; i < 4; i++)
        {
            keys.Add(await CreateKeyAsync("integration.bot"));
        }

        foreach (var key in keys.Take(3))
        {
            await _cache.FindAsync(key.Token, Now, default);
        }

        await _cache.FindAsync(keys[0].Token, Now, default); // in use
        await _cache.FindAsync(keys[3].Token, Now, default); // full: one must go
        var reads = _cache.DatabaseReads;

        await _cache.FindAsync(keys[0].Token, Now, default);
        await _cache.FindAsync(keys[3].Token, Now, default);
        Assert.Equal(0, _cache.DatabaseReads - reads);
        Assert.Equal(3, _cache.Count);
    }

    [Fact]
    public async Task A_changed_key_is_read_again_while_the_other_keys_stay_cached()
    {
        var changed = await CreateKeyAsync("integration.bot");
        var untouched = await CreateKeyAsync("reporting.bot");
        await _cache.FindAsync(changed.Token, Now, default);
        await _cache.FindAsync(untouched.Token, Now, default);
        var reads = _cache.DatabaseReads;

        var redated = await _db.KeysAsync(keys => keys.UpdateAsync(changed.Id, KeyUpdate.Expiry(Now.AddDays(3)), changed.Version, default));

        Assert.True(redated.Succeeded);
        Assert.Equal(Now.AddDays(3), (await _cache.FindAsync(changed.Token, Now, default))!.ExpiresAt);
        Assert.NotNull(await _cache.FindAsync(untouched.Token, Now, default));
        Assert.Equal(1, _cache.DatabaseReads - reads);
    }

    [Fact]
    public async Task Changes_another_instance_logged_are_read_from_the_change_log_key_by_key()
    {
        var changed = await CreateKeyAsync("integration.bot");
        var untouched = await CreateKeyAsync("reporting.bot");
        await _cache.ConfirmAsync(default); // reads this instance's own two changes back
        await _cache.FindAsync(changed.Token, Now, default);
        await _cache.FindAsync(untouched.Token, Now, default);
        var reads = _cache.DatabaseReads;

        await LogElsewhereAsync(CredentialChange.Key(changed.Token));
        await _cache.ConfirmAsync(default);

        await _cache.FindAsync(changed.Token, Now, default);
        await _cache.FindAsync(untouched.Token, Now, default);
        Assert.Equal(1, _cache.DatabaseReads - reads);
    }

    [Fact]
    public async Task When_changes_were_pruned_before_they_were_read_the_cache_forgets_everything()
    {
        var first = await CreateKeyAsync("integration.bot");
        var second = await CreateKeyAsync("reporting.bot");
        await _cache.FindAsync(first.Token, Now, default);
        await _cache.FindAsync(second.Token, Now, default);
        var reads = _cache.DatabaseReads;

        await LogElsewhereAsync(CredentialChange.Key(first.Token));
        await using (var db = await _db.OpenAsync())
        {
            await db.CredentialChanges.ExecuteDeleteAsync(); // as if pruned
        }

        await _cache.ConfirmAsync(default);
        await _cache.FindAsync(first.Token, Now, default);
        await _cache.FindAsync(second.Token, Now, default);
        Assert.Equal(2, _cache.DatabaseReads - reads);
    }

    [Fact]
    public async Task An_account_change_drops_only_that_accounts_keys()
    {
        var bots = await Task.WhenAll(CreateKeyAsync("integration.bot"), CreateKeyAsync("reporting.bot"));
        foreach (var key in bots)
        {
            await _cache.FindAsync(key.Token, Now, default);
        }

        var reads = _cache.DatabaseReads;
        _cache.Apply([CredentialChange.Account(bots[0].AccountId)]);

        await _cache.FindAsync(bots[0].Token, Now, default);
        await _cache.FindAsync(bots[1].Token, Now, default);
        Assert.Equal(1, _cache.DatabaseReads - reads);
    }

    private async Task<AuthenticationKeyRow> CreateKeyAsync(string login)
    {
        var created = await _db.KeysAsync(keys => keys.CreateAsync(login, Now.AddDays(30), default));
        return created.Value!.Key;
    }

    /// <summary>A key inserted with raw SQL, as another instance would: this instance is not told of it.</summary>
    private async Task<KeyCredential> CreateKeyElsewhereAsync(string login)
    {
        await using var db = await _db.OpenAsync();
        var account = await db.Users.Where(a => a.UserName == login).Select(a => a.Id).SingleAsync();
        var key = new { Id = Guid.NewGuid(), Token = KeySecrets.NewToken() };
        var secret = _db.Services.GetRequiredService<KeySecrets>().Protect(KeySecrets.NewSecret());
        await db.Database.ExecuteSqlRawAsync(
            "INSERT INTO AuthenticationKeys (Id, Token, ProtectedSecret, AccountId, CreatedAt, CreatedBy, ExpiresAt, Version) VALUES ({0}, {1}, {2}, {3}, {4}, 'elsewhere', {5}, {6})",
            key.Id, key.Token, secret, account, Now.UtcTicks, Now.AddDays(1).UtcTicks, Guid.NewGuid());
        return new KeyCredential
        {
            KeyId = key.Id, Token = key.Token, AccountId = account, Login = login, DisplayName = login, ExpiresAt = Now.AddDays(1),
            AccountEligible = true, Roles = [], Secret = [],
        };
    }

    /// <summary>Raises the version and logs the change with raw SQL, as another instance's commit would; this one is not told.</summary>
    private async Task LogElsewhereAsync(CredentialChange change)
    {
        await using var db = await _db.OpenAsync();
        await db.Database.ExecuteSqlRawAsync("UPDATE CredentialVersion SET Value = Value + 1");
        await db.Database.ExecuteSqlRawAsync(
            "INSERT INTO CredentialChanges (Version, Scope, Subject) SELECT Value, {0}, {1} FROM CredentialVersion",
            CredentialChange.ScopeName(change.Scope), change.Subject);
    }
}
