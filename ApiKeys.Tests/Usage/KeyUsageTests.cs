using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ApiKeys.Client;
using ApiKeys.Domain;
using ApiKeys.Domain.Accounts;
using ApiKeys.Domain.Keys;
using ApiKeys.Domain.Usage;
using ApiKeys.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ApiKeys.Tests.Usage;

/// <summary>Calls counted per key and hour over real Kestrel, written in batches, read back as the details view reads them.</summary>
public abstract class KeyUsageTests<TApp>(TApp app) : IClassFixture<TApp>
    where TApp : ApiKeysApp
{
    private static int _accounts;

    [Fact]
    public async Task Accepted_and_refused_calls_are_counted_for_today_with_where_the_key_was_last_used_from()
    {
        var key = await KeyAsync();
        using var client = app.SignedClient(key);
        client.DefaultRequestHeaders.UserAgent.ParseAdd("erp-connector/2.1");
        using var wrongSecret = app.SignedClient(new HmacCredentials(key.Key.Token, Convert.ToBase64String(new byte[32])));

        for (var i = 0; i < 7; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/account")).StatusCode);
        }

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await wrongSecret.GetAsync("/api/v1/account")).StatusCode);
        }

        var details = await WaitForAsync(key, d => d.Usage is { Accepted: 7, Refused: 3, LastUsedAt: not null });
        Assert.Equal(30, details.Usage.Days.Count);
        var today = details.Usage.Days[^1];
        Assert.Equal(DateOnly.FromDateTime(DateTime.UtcNow), today.Day);
        Assert.Equal((7, 3), (today.Accepted, today.Refused));
        Assert.All(details.Usage.Days.SkipLast(1), d => Assert.Equal((0, 0), (d.Accepted, d.Refused)));
        Assert.Equal("127.0.0.1", details.Usage.LastClientAddress);
        Assert.Equal("erp-connector/2.1", details.Usage.LastUserAgent);
        Assert.NotNull(details.Usage.LastUsedAt);
    }

    [Fact]
    public async Task Counts_are_written_as_one_row_per_key_and_hour_not_a_row_per_call()
    {
        var key = await KeyAsync();
        using var client = app.SignedClient(key);

        await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => client.GetAsync("/api/v1/account")));

        await WaitForAsync(key, d => d.Usage.Accepted == 40);
        await using var db = await app.OpenDatabaseAsync();
        var rows = await db.KeyUsage.Where(u => u.KeyId == key.Key.Id).ToListAsync();
        Assert.InRange(rows.Count, 1, 2); // two only when the calls straddle the turn of an hour
        Assert.Equal(40, rows.Sum(r => r.Accepted));
    }

    [Fact]
    public async Task Calls_with_unknown_keyids_are_counted_for_no_key()
    {
        var recorder = app.Services.GetRequiredService<KeyUsageRecorder>();
        await recorder.FlushAsync(CancellationToken.None); // what earlier tests' calls counted is written first
        var before = await CallsCountedAsync();
        using var stranger = app.SignedClient(new HmacCredentials(new string('a', 40), Convert.ToBase64String(new byte[32])));

        Assert.Equal(HttpStatusCode.Unauthorized, (await stranger.GetAsync("/api/v1/account")).StatusCode);
        await recorder.FlushAsync(CancellationToken.None);

        Assert.Equal(before, await CallsCountedAsync());
    }

    private async Task<long> CallsCountedAsync()
    {
        await using var db = await app.OpenDatabaseAsync();
        return await db.KeyUsage.SumAsync(u => u.Accepted + u.Refused);
    }

    [Fact]
    public async Task Hours_past_the_retention_are_forgotten_and_a_deleted_key_takes_its_counts_with_it()
    {
        var kept = await KeyAsync();
        var deleted = await KeyAsync();
        var now = KeyUsageHours.Of(DateTimeOffset.UtcNow);
        await using (var db = await app.OpenDatabaseAsync())
        {
            db.KeyUsage.AddRange(
                new KeyUsageHour { KeyId = kept.Key.Id, Hour = now - 91 * 24, Accepted = 5 },
                new KeyUsageHour { KeyId = kept.Key.Id, Hour = now - 89 * 24, Accepted = 4 },
                new KeyUsageHour { KeyId = deleted.Key.Id, Hour = now - 2, Refused = 1 });
            await db.SaveChangesAsync();
        }

        await app.Services.GetRequiredService<KeyUsageRecorder>().PruneAsync(CancellationToken.None);
        await app.WithAsync<IAuthenticationKeyService, Result<int>>(keys => keys.DeleteAsync([deleted.Key.Id], CancellationToken.None));

        await using var check = await app.OpenDatabaseAsync();
        Assert.Equal([now - 89 * 24], await check.KeyUsage.Where(u => u.KeyId == kept.Key.Id).Select(u => u.Hour).ToListAsync());
        Assert.False(await check.KeyUsage.AnyAsync(u => u.KeyId == deleted.Key.Id));
        var ninety = await app.WithAsync<IAuthenticationKeyService, KeyDetails?>(keys => keys.DetailsAsync(kept.Key.Id, 90, TimeZoneInfo.Utc, CancellationToken.None));
        Assert.Equal(4, ninety!.Usage.Accepted);
    }

    [Fact]
    public async Task Counts_for_a_key_deleted_before_they_are_written_are_dropped_without_failing_the_batch()
    {
        var deleted = await KeyAsync();
        var kept = await KeyAsync();
        var recorder = app.Services.GetRequiredService<KeyUsageRecorder>();
        var now = DateTimeOffset.UtcNow;
        await app.WithAsync<IAuthenticationKeyService, Result<int>>(keys => keys.DeleteAsync([deleted.Key.Id], CancellationToken.None));

        recorder.Refused(deleted.Key.Id, now);
        recorder.Refused(kept.Key.Id, now);
        await recorder.FlushAsync(CancellationToken.None);

        var details = await app.WithAsync<IAuthenticationKeyService, KeyDetails?>(keys => keys.DetailsAsync(kept.Key.Id, 1, TimeZoneInfo.Utc, CancellationToken.None));
        Assert.Equal(1, details!.Usage.Refused);
        Assert.Null(await app.WithAsync<IAuthenticationKeyService, KeyDetails?>(keys => keys.DetailsAsync(deleted.Key.Id, 1, TimeZoneInfo.Utc, CancellationToken.None)));
    }

    [Fact]
    public async Task The_details_hold_the_keys_own_audit_trail_newest_first()
    {
        var key = await KeyAsync();
        await app.WithAsync<IAuthenticationKeyService, Result<int>>(keys => keys.SetDisabledAsync([key.Key.Id], true, CancellationToken.None));
        await KeyAsync(); // another key's entries stay out

        var details = await app.WithAsync<IAuthenticationKeyService, KeyDetails?>(keys => keys.DetailsAsync(key.Key.Id, 30, TimeZoneInfo.Utc, CancellationToken.None));

        Assert.Equal(["key.disabled", "key.created"], details!.Trail.Select(e => e.Action));
        Assert.All(details.Trail, e => Assert.StartsWith(key.Key.Token, e.Target));
        Assert.Equal(KeyStatus.Disabled, details.Key.Status);
    }

    [Fact]
    public async Task The_API_gives_a_keys_usage_per_day_and_trail_and_says_what_is_wrong_with_a_bad_request()
    {
        var key = await KeyAsync();
        var login = $"usage.admin.{Interlocked.Increment(ref _accounts)}";
        await app.CreateAccountAsync(login, "Administrator", SystemRole.Administrators);
        using var admin = app.SignedClient(await app.CreateKeyAsync(login));
        using (var client = app.SignedClient(key))
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/account")).StatusCode);
        }

        await WaitForAsync(key, d => d.Usage.Accepted == 1);
        var details = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/keys/{key.Key.Id}?days=7");
        var missing = await admin.GetAsync($"/api/v1/keys/{Guid.NewGuid()}");
        var tooLong = await admin.GetAsync($"/api/v1/keys/{key.Key.Id}?days=91");

        Assert.Equal(key.Key.Token, details.GetProperty("key").GetProperty("token").GetString());
        var usage = details.GetProperty("usage");
        Assert.Equal(1, usage.GetProperty("accepted").GetInt64());
        Assert.Equal(7, usage.GetProperty("days").GetArrayLength());
        Assert.Equal(DateTime.UtcNow.ToString("yyyy-MM-dd"), usage.GetProperty("days")[6].GetProperty("day").GetString());
        Assert.Equal("127.0.0.1", usage.GetProperty("lastClientAddress").GetString());
        Assert.Equal("key.created", details.GetProperty("trail")[0].GetProperty("action").GetString());
        Assert.DoesNotContain(key.Secret, details.GetRawText());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Contains("days must be between 1 and 90", await tooLong.Content.ReadAsStringAsync());
    }

    private async Task<CreatedKey> KeyAsync()
    {
        await using (var db = await app.OpenDatabaseAsync())
        {
            if (!await db.Roles.AnyAsync(r => r.Name == "Usage integrations"))
            {
                await app.CreateRoleAsync("Usage integrations", apiCalls: true);
            }
        }

        var login = $"usage.{Interlocked.Increment(ref _accounts)}";
        await app.CreateAccountAsync(login, "Usage bot", "Usage integrations");
        return await app.CreateKeyAsync(login);
    }

    private async Task<KeyDetails> WaitForAsync(CreatedKey key, Func<KeyDetails, bool> done) =>
        (await Eventually.UntilAsync(() => app.WithAsync<IAuthenticationKeyService, KeyDetails?>(keys => keys.DetailsAsync(key.Key.Id, 30, TimeZoneInfo.Utc, CancellationToken.None)), d => done(d!)))!;
}

public sealed class KeyUsageOnSqliteTests(ApiKeysApp app) : KeyUsageTests<ApiKeysApp>(app);

[Trait("Category", "Postgres")]
public sealed class KeyUsageOnPostgreSqlTests(PostgresApp app) : KeyUsageTests<PostgresApp>(app);
