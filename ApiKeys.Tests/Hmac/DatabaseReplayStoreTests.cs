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

    protected TestDatabase Database => _db;

    protected DatabaseReplayStore Store => (DatabaseReplayStore)_db.Services.GetRequiredService<IReplayStore>();

    protected DateTimeOffset Until => _db.Clock.GetUtcNow().AddMinutes(5);

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
        Assert.Equal(300, await db.UsedNonces.CountAsync(n => n.RememberUntil < Until.AddDays(1))); // PostgreSQL's sentinel row is kept until 'infinity'
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

    [Fact]
    public async Task The_nonce_table_is_unlogged_and_remembers_every_nonce_since_it_was_made()
    {
        await using var db = await Database.OpenAsync();
        var persistence = await db.Database.SqlQueryRaw<string>("""SELECT relpersistence::text AS "Value" FROM pg_class WHERE relname = 'UsedNonces'""").SingleAsync();

        Assert.Equal("u", persistence);
        Assert.True(await Store.TryRememberAsync("token-a", "nonce-0123456789abcdef", Until, default));
        Assert.Equal(DateTimeOffset.UnixEpoch, Store.RemembersSince);
    }

    [Fact]
    public async Task When_the_nonce_table_loses_its_rows_signatures_from_before_are_refused_on_every_instance()
    {
        await using var other = Database.Restarted(); // a second instance on the same database
        var otherStore = other.GetRequiredService<IReplayStore>();
        Assert.True(await Store.TryRememberAsync("token-a", "nonce-first-use-00001", Until, default));

        Database.Clock.Advance(TimeSpan.FromSeconds(90));
        await using (var db = await Database.OpenAsync())
        {
            await db.Database.ExecuteSqlRawAsync("""TRUNCATE "UsedNonces" """); // what a crash or a failover does to an unlogged table
        }

        Assert.True(await Store.TryRememberAsync("token-a", "nonce-first-use-00001", Until, default)); // forgotten...
        Assert.Equal(Database.Clock.GetUtcNow().AddSeconds(1), Store.RemembersSince); // ...so signatures made before now are refused
        Assert.True(await otherStore.TryRememberAsync("token-a", "nonce-other-instance-1", Until, default));
        Assert.Equal(Database.Clock.GetUtcNow().AddSeconds(1), otherStore.RemembersSince);
    }
}

/// <summary>The database replay store when its PostgreSQL server crashes: the unlogged nonces are gone after recovery, and the store knows it.</summary>
[Trait("Category", "Postgres")]
public sealed class DatabaseReplayStoreAfterACrashTests : IAsyncLifetime
{
    private ThrowawayServer _postgres = null!;
    private TestDatabase _db = null!;

    public async Task InitializeAsync()
    {
        _postgres = await PostgresServer.StartPrivateAsync();
        _db = await TestDatabase.CreateAsync(new Dictionary<string, string?> { ["ConnectionStrings:ApiKeys"] = _postgres.ConnectionString }, DatabaseProvider.PostgreSql);
    }

    public async Task DisposeAsync()
    {
        await _db.DisposeAsync();
        await _postgres.DisposeAsync();
    }

    [Fact]
    public async Task After_a_crash_of_PostgreSQL_signatures_created_before_it_came_back_are_refused()
    {
        var store = _db.Services.GetRequiredService<IReplayStore>();
        var until = _db.Clock.GetUtcNow().AddMinutes(5);
        Assert.True(await store.TryRememberAsync("token-a", "nonce-before-the-crash", until, default));
        Assert.Equal(DateTimeOffset.UnixEpoch, store.RemembersSince);

        _db.Clock.Advance(TimeSpan.FromSeconds(30));
        await _postgres.CrashAsync();
        await _postgres.StartAgainAsync();

        Assert.True(await EventuallyAsync(() => store.TryRememberAsync("token-a", "nonce-before-the-crash", until, default).AsTask()));
        Assert.Equal(_db.Clock.GetUtcNow().AddSeconds(1), store.RemembersSince);
    }

    /// <summary>Retries while the store's connection, broken by the crash, is replaced.</summary>
    private static Task<bool> EventuallyAsync(Func<Task<bool>> call) =>
        Eventually.RetryingAsync(call, DatabaseUnavailable.IsCause, within: TimeSpan.FromSeconds(5));
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
