using ApiKeys.Domain.Hmac;
using ApiKeys.Domain.Storage;
using ApiKeys.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ApiKeys.Tests.Hmac;

/// <summary>The database replay store with group commit, on a real SQLite file and a real PostgreSQL server.</summary>
public abstract class DatabaseReplayStoreTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    protected abstract DatabaseProvider Provider { get; }

    private DatabaseReplayStore Store => (DatabaseReplayStore)_db.Services.GetRequiredService<IReplayStore>();

    private DateTimeOffset Until => _db.Clock.GetUtcNow().AddMinutes(5);

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync(provider: Provider);

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task A_nonce_is_taken_once_per_key()
    {
        Assert.True(await Store.TryRememberAsync("token-a", "nonce-0123456789abcdef", Until, default));
        Assert.False(await Store.TryRememberAsync("token-a", "nonce-0123456789abcdef", Until, default));
        Assert.True(await Store.TryRememberAsync("token-b", "nonce-0123456789abcdef", Until, default));
    }

    [Fact]
    public async Task Concurrent_requests_share_statements_and_each_nonce_is_new_exactly_once()
    {
        var statements = Store.Batches.Writes;
        var nonces = Enumerable.Range(0, 300).Select(i => $"nonce-{i:D16}").ToList();

        // Every nonce twice at once, as a replay racing its original.
        var taken = await Task.WhenAll(nonces.Concat(nonces).Select(nonce => Store.TryRememberAsync("token-a", nonce, Until, default).AsTask()));

        Assert.Equal(300, taken.Count(t => t));
        Assert.InRange(Store.Batches.Writes - statements, 1, 100);
        await using var db = await _db.OpenAsync();
        Assert.Equal(300, await db.UsedNonces.CountAsync());
    }

    [Fact]
    public async Task Nonces_outlive_a_restart_of_the_app()
    {
        Assert.True(await Store.TryRememberAsync("token-a", "nonce-before-restart-1", Until, default));

        await using var restarted = _db.Restarted();
        var store = restarted.GetRequiredService<IReplayStore>();

        Assert.False(await store.TryRememberAsync("token-a", "nonce-before-restart-1", Until, default));
    }

    [Fact]
    public async Task The_sweep_forgets_expired_nonces_only()
    {
        var now = _db.Clock.GetUtcNow();
        for (var i = 0; i < 12; i++)
        {
            Assert.True(await Store.TryRememberAsync("token-a", $"nonce-expired-{i:D10}", now.AddSeconds(-i - 1), default));
        }

        Assert.True(await Store.TryRememberAsync("token-a", "nonce-still-fresh-01", now.AddSeconds(30), default));

        var swept = await _db.Services.GetRequiredService<UsedNonceSweeper>().SweepAsync(default);

        Assert.Equal(12, swept);
        Assert.False(await Store.TryRememberAsync("token-a", "nonce-still-fresh-01", now.AddSeconds(30), default));
    }

    [Fact]
    public async Task A_database_error_fails_every_waiting_request_and_never_takes_a_nonce_as_new()
    {
        Assert.True(await Store.TryRememberAsync("token-a", "nonce-before-the-error", Until, default));
        await using (var db = await _db.OpenAsync())
        {
            await db.Database.ExecuteSqlRawAsync(Provider == DatabaseProvider.PostgreSql
                ? "ALTER TABLE \"UsedNonces\" RENAME TO \"UsedNoncesAway\""
                : "ALTER TABLE UsedNonces RENAME TO UsedNoncesAway");
        }

        var attempts = Enumerable.Range(0, 20).Select(i => Store.TryRememberAsync("token-a", $"nonce-during-error-{i:D4}", Until, default).AsTask()).ToList();

        foreach (var attempt in attempts)
        {
            var error = await Assert.ThrowsAnyAsync<Exception>(() => attempt);
            Assert.True(DatabaseUnavailable.IsCause(error), error.ToString());
        }
    }
}

public sealed class DatabaseReplayStoreOnSqliteTests : DatabaseReplayStoreTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

[Trait("Category", "Postgres")]
public sealed class DatabaseReplayStoreOnPostgresTests : DatabaseReplayStoreTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSql;
}

public sealed class DatabaseReplayStoreWithWindowTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync(new Dictionary<string, string?> { ["Authentication:Hmac:ReplayBatchWindow"] = "00:00:00.001" });

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task A_batch_window_gathers_concurrent_nonces_into_fewer_writes()
    {
        var store = (DatabaseReplayStore)_db.Services.GetRequiredService<IReplayStore>();
        var until = _db.Clock.GetUtcNow().AddMinutes(5);

        var taken = await Task.WhenAll(Enumerable.Range(0, 100).Select(i => store.TryRememberAsync("token-a", $"nonce-window-{i:D8}", until, default).AsTask()));

        Assert.All(taken, Assert.True);
        Assert.InRange(store.Batches.Writes, 1, 10);
    }
}
