using System.Globalization;
using ApiKeys.Domain;
using ApiKeys.Domain.Accounts;
using ApiKeys.Domain.Audit;
using ApiKeys.Domain.Keys;
using ApiKeys.Domain.Storage;
using ApiKeys.Domain.Usage;
using ApiKeys.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ApiKeys.Tests.Keys;

/// <summary>The key service on a real database: SQLite and PostgreSQL run the same tests.</summary>
public abstract class AuthenticationKeyServiceTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    protected abstract DatabaseProvider Provider { get; }

    private DateTimeOffset Now => _db.Clock.GetUtcNow();

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync(provider: Provider);

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task Create_returns_the_token_and_secret_once_and_the_key_appears_in_the_list()
    {
        var account = await _db.CreateEligibleAccountAsync("integration.bot", "Integration bot");

        var created = await _db.KeysAsync(keys => keys.CreateAsync(account, Now.AddDays(90), default));

        Assert.True(created.Succeeded, created.Failure?.Message);
        var key = created.Value!;
        Assert.Matches("^[0-9a-f]{40}$", key.Key.Token);
        Assert.Equal(64, Convert.FromBase64String(key.Secret).Length);
        Assert.Equal("test.admin", key.Key.CreatedBy);
        var page = await _db.KeysAsync(keys => keys.QueryAsync(new KeyQuery(), default));
        var row = Assert.Single(page.Items);
        Assert.Equal((key.Key.Id, key.Key.Token, "integration.bot", "Integration bot", Now.AddDays(90), KeyStatus.Active),
            (row.Id, row.Token, row.AccountLogin, row.AccountDisplayName, row.ExpiresAt, row.Status));
        Assert.Null(row.LastUsedAt);
    }

    [Fact]
    public async Task Keys_are_named_as_suggested_or_as_given_renamed_with_an_audit_entry_and_found_by_name()
    {
        var account = await _db.CreateEligibleAccountAsync("integration.bot", "Integration bot");

        var suggested = (await _db.KeysAsync(keys => keys.CreateAsync(account, Now.AddDays(30), default))).Value!;
        var named = (await _db.KeysAsync(keys => keys.CreateAsync(account, Now.AddDays(30), "  Nightly export  ", "Runs at 02:00", default))).Value!;
        var tooLong = await _db.KeysAsync(keys => keys.CreateAsync(account, Now.AddDays(30), new string('n', 101), null, default));
        var blank = await _db.KeysAsync(keys => keys.UpdateAsync(named.Key.Id, KeyUpdate.Naming(" ", null), named.Key.Version, default));

        Assert.Equal($"Integration bot {Now:yyyy-MM-dd}", suggested.Key.Name);
        Assert.Equal(("Nightly export", "Runs at 02:00"), (named.Key.Name, named.Key.Description));
        Assert.Equal(FailureCode.KeyNameTooLong, tooLong.Failure?.Code);
        Assert.Equal(FailureCode.NameRequired, blank.Failure?.Code);

        var renamed = await _db.KeysAsync(keys => keys.UpdateAsync(named.Key.Id, KeyUpdate.Naming("Nightly ERP export", null), named.Key.Version, default));
        var stale = await _db.KeysAsync(keys => keys.UpdateAsync(named.Key.Id, KeyUpdate.Naming("Other", null), named.Key.Version, default));

        Assert.Equal(("Nightly ERP export", (string?)null), (renamed.Value!.Name, renamed.Value.Description));
        Assert.Equal(FailureCode.ConcurrencyConflict, stale.Failure?.Code);
        var found = await _db.KeysAsync(keys => keys.QueryAsync(new KeyQuery(Search: "erp exp"), default));
        Assert.Equal(named.Key.Id, Assert.Single(found.Items).Id);
        var byName = await _db.KeysAsync(keys => keys.QueryAsync(new KeyQuery(SortBy: KeySort.Name), default));
        Assert.Equal([suggested.Key.Id, named.Key.Id], byName.Items.Select(k => k.Id));
        await using var db = await _db.OpenAsync();
        var entry = await db.AuditEntries.SingleAsync(e => e.Action == AuditAction.KeyRenamed);
        Assert.Equal("«Nightly export» → «Nightly ERP export»", entry.Details);
    }

    [Fact]
    public async Task Rolling_makes_a_linked_key_with_the_same_name_and_expiry_and_ends_the_old_one_after_the_grace_never_later()
    {
        var account = await _db.CreateEligibleAccountAsync("integration.bot", "Integration bot");
        var old = (await _db.KeysAsync(keys => keys.CreateAsync(account, Now.AddDays(30), "Nightly export", "Runs at 02:00", default))).Value!;
        var soon = (await _db.KeysAsync(keys => keys.CreateAsync(account, Now.AddMinutes(30), "Short-lived", null, default))).Value!;

        var rolled = await _db.KeysAsync(keys => keys.RollAsync(old.Key.Id, TimeSpan.FromHours(24), old.Key.Version, default));
        var again = await _db.KeysAsync(keys => keys.RollAsync(old.Key.Id, TimeSpan.FromHours(24), old.Key.Version, default));
        var odd = await _db.KeysAsync(keys => keys.RollAsync(soon.Key.Id, TimeSpan.FromHours(5), soon.Key.Version, default));
        var shortened = await _db.KeysAsync(keys => keys.RollAsync(soon.Key.Id, TimeSpan.FromDays(7), soon.Key.Version, default));

        var replacement = rolled.Value!;
        Assert.Equal(64, Convert.FromBase64String(replacement.Secret).Length);
        Assert.Equal(("Nightly export", "Runs at 02:00", old.Key.ExpiresAt, old.Key.Id), (replacement.Key.Name, replacement.Key.Description, replacement.Key.ExpiresAt, replacement.Key.RolledFromId));
        Assert.Equal(FailureCode.ConcurrencyConflict, again.Failure?.Code);
        Assert.Equal(FailureCode.GraceNotOffered, odd.Failure?.Code);
        var rows = (await _db.KeysAsync(keys => keys.QueryAsync(new KeyQuery(PageSize: 10), default))).Items;
        var oldNow = rows.Single(r => r.Id == old.Key.Id);
        Assert.Equal((Now.AddHours(24), replacement.Key.Id), (oldNow.ExpiresAt, oldNow.RolledToId));
        Assert.Equal(soon.Key.ExpiresAt, rows.Single(r => r.Id == soon.Key.Id).ExpiresAt); // a roll never lengthens a key's life
        Assert.Equal(soon.Key.ExpiresAt, shortened.Value!.Key.ExpiresAt);
        await using var db = await _db.OpenAsync();
        Assert.Equal(2, await db.AuditEntries.CountAsync(e => e.Action == AuditAction.KeyRolled));
    }

    [Fact]
    public async Task A_key_is_rolled_once_and_never_when_disabled_or_expired_and_the_refusal_says_why()
    {
        var account = await _db.CreateEligibleAccountAsync("integration.bot", "Integration bot");
        var old = (await _db.KeysAsync(keys => keys.CreateAsync(account, Now.AddDays(90), default))).Value!;
        var disabled = (await _db.KeysAsync(keys => keys.CreateAsync(account, Now.AddDays(90), default))).Value!;
        var expiring = (await _db.KeysAsync(keys => keys.CreateAsync(account, Now.AddHours(1), default))).Value!;
        await _db.KeysAsync(keys => keys.SetDisabledAsync([disabled.Key.Id], true, default));
        var rolled = await _db.KeysAsync(keys => keys.RollAsync(old.Key.Id, TimeSpan.FromHours(1), old.Key.Version, default));
        var oldNow = await _db.KeysAsync(keys => keys.FindByTokenAsync(old.Key.Token, default));
        var disabledNow = await _db.KeysAsync(keys => keys.FindByTokenAsync(disabled.Key.Token, default));
        _db.Clock.Advance(TimeSpan.FromHours(2));

        var again = await _db.KeysAsync(keys => keys.RollAsync(old.Key.Id, TimeSpan.FromHours(1), oldNow!.Version, default));
        var whileDisabled = await _db.KeysAsync(keys => keys.RollAsync(disabled.Key.Id, TimeSpan.FromHours(1), disabledNow!.Version, default));
        var afterExpiry = await _db.KeysAsync(keys => keys.RollAsync(expiring.Key.Id, TimeSpan.FromHours(1), expiring.Key.Version, default));

        Assert.Equal(FailureCode.KeyAlreadyRolled, again.Failure?.Code);
        Assert.Contains("Roll the successor instead", again.Failure!.Message);
        Assert.Equal(FailureCode.KeyDisabledCannotRoll, whileDisabled.Failure?.Code);
        Assert.Equal(FailureCode.KeyExpiredCannotRoll, afterExpiry.Failure?.Code);
        Assert.DoesNotContain("must be in the future", afterExpiry.Failure!.Message);
        var all = await QueryAsync(new KeyQuery(PageSize: 100));
        Assert.Equal(4, all.Count); // the three and the one successor
        Assert.Equal(rolled.Value!.Key.Id, all.Single(k => k.Id == old.Key.Id).RolledToId);
    }

    [Fact]
    public async Task Keys_expiring_soon_or_expired_are_counted_and_listed_as_needing_attention_but_disabled_ones_are_not()
    {
        var account = await _db.CreateEligibleAccountAsync("integration.bot");
        var soon = (await _db.KeysAsync(keys => keys.CreateAsync(account, Now.AddDays(3), default))).Value!;
        var expired = (await _db.KeysAsync(keys => keys.CreateAsync(account, Now.AddHours(1), default))).Value!;
        var disabledSoon = (await _db.KeysAsync(keys => keys.CreateAsync(account, Now.AddDays(5), default))).Value!;
        await _db.KeysAsync(keys => keys.CreateAsync(account, Now.AddDays(90), default));
        await _db.KeysAsync(keys => keys.SetDisabledAsync([disabledSoon.Key.Id], disabled: true, default));
        _db.Clock.Advance(TimeSpan.FromHours(2));

        var attention = await _db.KeysAsync(keys => keys.AttentionAsync(default));
        var listed = await _db.KeysAsync(keys => keys.QueryAsync(new KeyQuery(NeedsAttention: true), default));

        Assert.Equal(new KeyAttention(ExpiringSoon: 1, Expired: 1), attention);
        Assert.Equal(new[] { soon.Key.Id, expired.Key.Id }.Order(), listed.Items.Select(k => k.Id).Order());
    }

    [Fact]
    public async Task Keys_unused_for_90_days_are_found_whether_never_used_or_used_long_ago()
    {
        var account = await _db.CreateEligibleAccountAsync("integration.bot");
        var neverUsed = (await _db.KeysAsync(keys => keys.CreateAsync(account, Now.AddDays(300), default))).Value!;
        var usedLongAgo = (await _db.KeysAsync(keys => keys.CreateAsync(account, Now.AddDays(300), default))).Value!;
        var usedLately = (await _db.KeysAsync(keys => keys.CreateAsync(account, Now.AddDays(300), default))).Value!;
        await using (var db = await _db.OpenAsync())
        {
            await db.AuthenticationKeys.Where(k => k.Id == usedLongAgo.Key.Id).ExecuteUpdateAsync(set => set.SetProperty(k => k.LastUsedAt, Now.AddDays(1)));
            await db.AuthenticationKeys.Where(k => k.Id == usedLately.Key.Id).ExecuteUpdateAsync(set => set.SetProperty(k => k.LastUsedAt, Now.AddDays(80)));
        }

        _db.Clock.Advance(TimeSpan.FromDays(100));
        var unused = await _db.KeysAsync(keys => keys.QueryAsync(new KeyQuery(Unused: true), default));

        Assert.Equal(new[] { neverUsed.Key.Id, usedLongAgo.Key.Id }.Order(), unused.Items.Select(k => k.Id).Order());
    }

    [Fact]
    public async Task Calls_per_day_are_counted_in_the_days_of_the_zone_asked_for()
    {
        var account = await _db.CreateEligibleAccountAsync("integration.bot");
        var key = (await _db.KeysAsync(keys => keys.CreateAsync(account, Now.AddDays(300), default))).Value!;
        await using (var db = await _db.OpenAsync())
        {
            // 20:00 UTC is 23:00 in Moscow, the same day; 21:00 UTC is midnight in Moscow, the next day.
            db.KeyUsage.AddRange(
                new KeyUsageHour { KeyId = key.Key.Id, Hour = KeyUsageHours.Of(new DateTimeOffset(2026, 11, 25, 20, 0, 0, TimeSpan.Zero)), Accepted = 1 },
                new KeyUsageHour { KeyId = key.Key.Id, Hour = KeyUsageHours.Of(new DateTimeOffset(2026, 11, 25, 21, 0, 0, TimeSpan.Zero)), Accepted = 2 });
            await db.SaveChangesAsync();
        }

        var utc = await _db.KeysAsync(keys => keys.DetailsAsync(key.Key.Id, 2, TimeZoneInfo.Utc, default));
        var moscow = await _db.KeysAsync(keys => keys.DetailsAsync(key.Key.Id, 2, TimeZoneInfo.FindSystemTimeZoneById("Europe/Moscow"), default));

        Assert.Equal([(new DateOnly(2026, 11, 25), 3L), (new DateOnly(2026, 11, 26), 0L)], utc!.Usage.Days.Select(d => (d.Day, d.Accepted)));
        Assert.Equal([(new DateOnly(2026, 11, 25), 1L), (new DateOnly(2026, 11, 26), 2L)], moscow!.Usage.Days.Select(d => (d.Day, d.Accepted)));
    }

    [Fact]
    public async Task Replaced_keys_are_the_rolled_ones_still_in_their_grace()
    {
        var account = await _db.CreateEligibleAccountAsync("integration.bot");
        var old = (await _db.KeysAsync(keys => keys.CreateAsync(account, Now.AddDays(300), default))).Value!;
        var other = (await _db.KeysAsync(keys => keys.CreateAsync(account, Now.AddDays(300), default))).Value!;
        var successor = (await _db.KeysAsync(keys => keys.RollAsync(old.Key.Id, TimeSpan.FromHours(24), old.Key.Version, default))).Value!;

        var replaced = await _db.KeysAsync(keys => keys.QueryAsync(new KeyQuery(Replaced: true), default));
        _db.Clock.Advance(TimeSpan.FromHours(25));
        var afterGrace = await _db.KeysAsync(keys => keys.QueryAsync(new KeyQuery(Replaced: true), default));

        var row = Assert.Single(replaced.Items);
        Assert.Equal(old.Key.Id, row.Id);
        Assert.Equal(successor.Key.Id, row.RolledToId);
        Assert.DoesNotContain(replaced.Items, k => k.Id == other.Key.Id);
        Assert.Empty(afterGrace.Items);
    }

    [Fact]
    public async Task Disabled_keys_show_as_disabled_filter_apart_are_audited_and_enable_again()
    {
        var account = await _db.CreateEligibleAccountAsync("integration.bot");
        var first = (await _db.KeysAsync(keys => keys.CreateAsync(account, Now.AddDays(30), default))).Value!;
        var second = (await _db.KeysAsync(keys => keys.CreateAsync(account, Now.AddDays(30), default))).Value!;

        var disabled = await _db.KeysAsync(keys => keys.SetDisabledAsync([first.Key.Id], disabled: true, default));
        var again = await _db.KeysAsync(keys => keys.SetDisabledAsync([first.Key.Id, second.Key.Id], disabled: true, default));

        Assert.Equal((1, 1), (disabled.Value, again.Value)); // keys already disabled are not counted again
        var onlyDisabled = await _db.KeysAsync(keys => keys.QueryAsync(new KeyQuery(Status: KeyStatus.Disabled), default));
        Assert.Equal(2, onlyDisabled.TotalCount);
        Assert.Empty((await _db.KeysAsync(keys => keys.QueryAsync(new KeyQuery(Status: KeyStatus.Active), default))).Items);

        var enabled = await _db.KeysAsync(keys => keys.SetDisabledAsync([first.Key.Id], disabled: false, default));

        Assert.Equal(1, enabled.Value);
        var rows = (await _db.KeysAsync(keys => keys.QueryAsync(new KeyQuery(), default))).Items;
        Assert.Equal(KeyStatus.Active, rows.Single(r => r.Id == first.Key.Id).Status);
        Assert.Equal(KeyStatus.Disabled, rows.Single(r => r.Id == second.Key.Id).Status);
        Assert.NotEqual(first.Key.Version, rows.Single(r => r.Id == first.Key.Id).Version); // a stale edit is refused
        await using var db = await _db.OpenAsync();
        var actions = await db.AuditEntries.Where(e => e.Action == AuditAction.KeyDisabled || e.Action == AuditAction.KeyEnabled).Select(e => e.Action).ToListAsync();
        Assert.Equal(3, actions.Count);
        Assert.Equal(FailureCode.NothingSelected, (await _db.KeysAsync(keys => keys.SetDisabledAsync([], disabled: true, default))).Failure?.Code);
    }

    [Fact]
    public async Task The_secret_is_stored_encrypted_and_the_raw_database_never_holds_it()
    {
        var account = await _db.CreateEligibleAccountAsync("integration.bot");
        var created = (await _db.KeysAsync(keys => keys.CreateAsync(account, Now.AddDays(30), default))).Value!;
        if (Provider == DatabaseProvider.Sqlite)
        {
            SqliteConnection.ClearAllPools();
            var raw = await File.ReadAllBytesAsync(_db.DatabaseFile);
            var walFile = _db.DatabaseFile + "-wal";
            var wal = File.Exists(walFile) ? await File.ReadAllBytesAsync(walFile) : [];
            var secretBytes = System.Text.Encoding.UTF8.GetBytes(created.Secret);
            Assert.Equal(-1, raw.AsSpan().IndexOf(secretBytes));
            Assert.Equal(-1, wal.AsSpan().IndexOf(secretBytes));
        }

        await using var db = await _db.OpenAsync();
        Assert.Equal(0, await db.AuthenticationKeys.CountAsync(k => k.ProtectedSecret.Contains(created.Secret)));
        Assert.Equal(0, await db.AuditEntries.CountAsync(e => e.Details!.Contains(created.Secret) || e.Target.Contains(created.Secret)));
        var stored = await db.AuthenticationKeys.SingleAsync();
        Assert.NotEqual(created.Secret, stored.ProtectedSecret);
        Assert.Equal(created.Secret, _db.Services.GetRequiredService<KeySecrets>().Unprotect(stored.ProtectedSecret));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(-400)]
    public async Task An_expiry_not_in_the_future_is_refused_and_nothing_is_saved(int days)
    {
        var account = await _db.CreateEligibleAccountAsync("integration.bot");

        var created = await _db.KeysAsync(keys => keys.CreateAsync(account, Now.AddDays(days), default));

        Assert.Equal(FailureCode.ExpiryNotInFuture, created.Failure?.Code);
        Assert.Equal("The expiry date must be in the future.", created.Failure?.Message);
        Assert.Equal(0, await CountKeysAsync());
    }

    [Fact]
    public async Task An_expiry_beyond_the_maximum_lifetime_is_refused_with_the_latest_allowed_date()
    {
        var account = await _db.CreateEligibleAccountAsync("integration.bot");

        var created = await _db.KeysAsync(keys => keys.CreateAsync(account, Now.AddDays(3 * 365 + 1), default));

        Assert.Equal(FailureCode.ExpiryBeyondMaximum, created.Failure?.Code);
        Assert.Contains("1095 days", created.Failure!.Message);
        Assert.Equal(0, await CountKeysAsync());
        var atTheLimit = await _db.KeysAsync(keys => keys.CreateAsync(account, Now.AddDays(3 * 365), default));
        Assert.True(atTheLimit.Succeeded);
    }

    [Fact]
    public async Task The_maximum_lifetime_comes_from_configuration()
    {
        await using var db = await TestDatabase.CreateAsync(new Dictionary<string, string?> { ["AuthenticationKeys:MaximumLifetime"] = "30.00:00:00" });
        var account = await db.CreateEligibleAccountAsync("integration.bot");

        var created = await db.KeysAsync(keys => keys.CreateAsync(account, db.Clock.GetUtcNow().AddDays(31), default));

        Assert.Equal(FailureCode.ExpiryBeyondMaximum, created.Failure?.Code);
    }

    [Fact]
    public async Task An_unknown_account_is_refused()
    {
        var created = await _db.KeysAsync(keys => keys.CreateAsync("no-such-account", Now.AddDays(30), default));

        Assert.Equal(FailureCode.AccountNotFound, created.Failure?.Code);
        Assert.Equal(0, await CountKeysAsync());
    }

    [Fact]
    public async Task An_ineligible_account_is_refused_with_a_reason_naming_it()
    {
        await _db.CreateRoleAsync("Reporting readers", apiCalls: false);
        var reader = await _db.CreateAccountAsync("reporting", "Reporting service", "Reporting readers");

        var created = await _db.KeysAsync(keys => keys.CreateAsync(reader, Now.AddDays(30), default));

        Assert.Equal(FailureCode.AccountNotEligible, created.Failure?.Code);
        Assert.Contains("«reporting»", created.Failure!.Message);
        Assert.Contains("API calls", created.Failure.Message);
        Assert.Equal(0, await CountKeysAsync());
    }

    [Fact]
    public async Task Failures_speak_Russian_when_the_UI_does()
    {
        var account = await _db.CreateEligibleAccountAsync("integration.bot");
        var before = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = new CultureInfo("ru");
        try
        {
            var created = await _db.KeysAsync(keys => keys.CreateAsync(account, Now.AddDays(-1), default));

            Assert.Equal("Срок действия должен быть в будущем.", created.Failure?.Message);
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    [Fact]
    public async Task Only_active_accounts_with_API_calls_or_in_System_administrators_are_eligible()
    {
        await _db.CreateRoleAsync("Reporting readers", apiCalls: false);
        await _db.CreateEligibleAccountAsync("integration.bot", "Integration bot");
        await _db.CreateAccountAsync("a.ivanova", "Анна Иванова", SystemRole.Administrators);
        await _db.CreateAccountAsync("reporting", "Reporting service", "Reporting readers");
        await _db.CreateAccountAsync("p.petrov", "Павел Петров");
        var inactive = await _db.CreateEligibleAccountAsync("old.bot", "Old bot");
        await DeactivateAsync(inactive);

        var eligible = await _db.KeysAsync(keys => keys.FindEligibleAccountsAsync(null, 50, default));

        Assert.Equal(["a.ivanova", "integration.bot"], eligible.Select(a => a.Login).Order());
        var created = await _db.KeysAsync(keys => keys.CreateAsync(inactive, Now.AddDays(30), default));
        Assert.Equal(FailureCode.AccountNotEligible, created.Failure?.Code);
    }

    [Fact]
    public async Task Eligible_accounts_are_searched_by_login_or_display_name_ignoring_case()
    {
        await _db.CreateEligibleAccountAsync("integration.bot", "Integration bot");
        await _db.CreateAccountAsync("a.ivanova", "Анна Иванова", SystemRole.Administrators);

        var byName = await _db.KeysAsync(keys => keys.FindEligibleAccountsAsync("иванова", 20, default));
        var byLogin = await _db.KeysAsync(keys => keys.FindEligibleAccountsAsync("BOT", 20, default));

        Assert.Equal("a.ivanova", Assert.Single(byName).Login);
        Assert.Equal("integration.bot", Assert.Single(byLogin).Login);
    }

    [Fact]
    public async Task The_list_pages_sorts_and_filters_on_the_server()
    {
        var bot = await _db.CreateEligibleAccountAsync("integration.bot", "Integration bot");
        var erp = await _db.CreateEligibleAccountAsync("erp.exchange", "ERP exchange");
        var anna = await _db.CreateAccountAsync("a.ivanova", "Анна Иванова", SystemRole.Administrators);
        await CreateKeyAsync(bot, 200);
        _db.Clock.Advance(TimeSpan.FromHours(1));
        await CreateKeyAsync(erp, 10);
        _db.Clock.Advance(TimeSpan.FromHours(1));
        await CreateKeyAsync(anna, 100);
        _db.Clock.Advance(TimeSpan.FromHours(1));
        await CreateKeyAsync(bot, 5);

        var byExpiry = await QueryAsync(new KeyQuery(SortBy: KeySort.Expires));
        var byExpiryDescending = await QueryAsync(new KeyQuery(SortBy: KeySort.Expires, Descending: true));
        var byAccount = await QueryAsync(new KeyQuery(SortBy: KeySort.Account));
        var byCreatedDescending = await QueryAsync(new KeyQuery(SortBy: KeySort.Created, Descending: true));
        var secondPage = await _db.KeysAsync(keys => keys.QueryAsync(new KeyQuery(Page: 1, PageSize: 3, SortBy: KeySort.Expires), default));
        var searched = await QueryAsync(new KeyQuery(Search: "  BOT "));
        var cyrillic = await QueryAsync(new KeyQuery(Search: "АННА"));
        var expiringSoon = await QueryAsync(new KeyQuery(Status: KeyStatus.ExpiringSoon));
        var active = await QueryAsync(new KeyQuery(Status: KeyStatus.Active));

        Assert.Equal([5, 10, 100, 200], byExpiry.Select(DaysLeft));
        Assert.Equal([200, 100, 10, 5], byExpiryDescending.Select(DaysLeft));
        Assert.Equal(["ERP exchange", "Integration bot", "Integration bot", "Анна Иванова"], byAccount.Select(k => k.AccountDisplayName));
        Assert.Equal([5, 100, 10, 200], byCreatedDescending.Select(DaysLeft));
        Assert.Equal(4, secondPage.TotalCount);
        Assert.Equal([200], secondPage.Items.Select(DaysLeft));
        Assert.Equal([5, 200], searched.Select(DaysLeft).Order());
        Assert.Equal([100], cyrillic.Select(DaysLeft));
        Assert.Equal([5, 10], expiringSoon.Select(DaysLeft).Order());
        Assert.Equal([100, 200], active.Select(DaysLeft).Order());
    }

    [Fact]
    public async Task Search_finds_any_piece_of_a_token_in_either_case_and_takes_wildcards_as_text()
    {
        var percent = await _db.CreateEligibleAccountAsync("integration_bot", "Integration 100% bot");
        var plain = await _db.CreateEligibleAccountAsync("integrationxbot", "Integration 1000 bot");
        var key = await CreateKeyAsync(percent, 10);
        await CreateKeyAsync(plain, 20);

        var byToken = await QueryAsync(new KeyQuery(Search: key.Token[12..24].ToUpperInvariant()));
        var byUnderscore = await QueryAsync(new KeyQuery(Search: "n_b"));
        var byPercent = await QueryAsync(new KeyQuery(Search: "100%"));

        Assert.Equal([key.Id], byToken.Select(k => k.Id));
        Assert.Equal([key.Id], byUnderscore.Select(k => k.Id));
        Assert.Equal([key.Id], byPercent.Select(k => k.Id));
    }

    [Fact]
    public async Task Past_ten_thousand_matches_the_count_says_more_than_and_the_pages_still_come()
    {
        var account = await _db.CreateEligibleAccountAsync("bulk.bot");
        await using (var db = await _db.OpenAsync())
        {
            var until = Now.AddDays(30);
            await db.Database.ExecuteSqlRawAsync(Provider == DatabaseProvider.PostgreSql
                ? """
                  INSERT INTO "AuthenticationKeys" ("Id", "Token", "ProtectedSecret", "AccountId", "CreatedAt", "CreatedBy", "ExpiresAt", "Version")
                  SELECT gen_random_uuid(), md5(i::text) || substr(md5((i + 1)::text), 1, 8), 'x', {0}, {1}, 'bulk', {2}, gen_random_uuid()
                  FROM generate_series(1, 10001) AS i
                  """
                : """
                  WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10001)
                  INSERT INTO AuthenticationKeys (Id, Token, ProtectedSecret, AccountId, CreatedAt, CreatedBy, ExpiresAt, Version)
                  SELECT upper(hex(randomblob(16))), lower(hex(randomblob(20))), 'x', {0}, {1}, 'bulk', {2}, upper(hex(randomblob(16))) FROM n
                  """,
                account, Provider == DatabaseProvider.PostgreSql ? Now : Now.UtcTicks, Provider == DatabaseProvider.PostgreSql ? until : until.UtcTicks);
        }

        var all = await _db.KeysAsync(keys => keys.QueryAsync(new KeyQuery(Page: 3), default));
        var few = await _db.KeysAsync(keys => keys.QueryAsync(new KeyQuery(Status: KeyStatus.Expired), default));

        Assert.Equal((KeyPage.CountLimit, false, 25), (all.TotalCount, all.TotalCountIsExact, all.Items.Count));
        Assert.Equal((0, true), (few.TotalCount, few.TotalCountIsExact));
    }

    [Fact]
    public async Task A_key_whose_expiry_passes_shows_and_filters_as_expired()
    {
        var bot = await _db.CreateEligibleAccountAsync("integration.bot");
        var key = await CreateKeyAsync(bot, 20);

        _db.Clock.Advance(TimeSpan.FromDays(7));
        Assert.Equal(KeyStatus.ExpiringSoon, (await QueryAsync(new KeyQuery())).Single().Status);
        _db.Clock.Advance(TimeSpan.FromDays(14));

        var expired = await QueryAsync(new KeyQuery(Status: KeyStatus.Expired));
        Assert.Equal(key.Id, Assert.Single(expired).Id);
        Assert.Equal(KeyStatus.Expired, expired[0].Status);
        Assert.Empty(await QueryAsync(new KeyQuery(Status: KeyStatus.Active)));
    }

    [Fact]
    public async Task Change_expiry_changes_only_the_expiry()
    {
        var bot = await _db.CreateEligibleAccountAsync("integration.bot");
        var key = await CreateKeyAsync(bot, 30);

        var changed = await _db.KeysAsync(keys => keys.UpdateAsync(key.Id, KeyUpdate.Expiry(Now.AddDays(300)), key.Version, default));

        Assert.True(changed.Succeeded, changed.Failure?.Message);
        var row = (await QueryAsync(new KeyQuery())).Single();
        Assert.Equal(Now.AddDays(300), row.ExpiresAt);
        Assert.Equal((key.Token, key.AccountId, key.CreatedAt, key.CreatedBy), (row.Token, row.AccountId, row.CreatedAt, row.CreatedBy));
        Assert.NotEqual(key.Version, row.Version);
        Assert.Equal(row, changed.Value);
    }

    [Fact]
    public async Task One_update_saves_name_description_and_expiry_together_with_an_audit_entry_for_each()
    {
        var bot = await _db.CreateEligibleAccountAsync("integration.bot");
        var key = await CreateKeyAsync(bot, 30);

        var saved = await _db.KeysAsync(keys => keys.UpdateAsync(key.Id, new KeyUpdate("ERP export", "Nightly", Now.AddDays(60)), key.Version, default));
        var unchanged = await _db.KeysAsync(keys => keys.UpdateAsync(key.Id, new KeyUpdate("ERP export", "Nightly", Now.AddDays(60)), saved.Value!.Version, default));

        Assert.Equal(("ERP export", "Nightly", Now.AddDays(60)), (saved.Value!.Name, saved.Value.Description, saved.Value.ExpiresAt));
        Assert.Equal(saved.Value.Version, unchanged.Value!.Version); // nothing to change: nothing saved, nothing audited
        await using var db = await _db.OpenAsync();
        var actions = await db.AuditEntries.Where(e => e.Target.StartsWith(key.Token)).Select(e => e.Action).ToListAsync();
        Assert.Equal([AuditAction.KeyCreated, AuditAction.KeyExpiryChanged, AuditAction.KeyRenamed], actions.Order());
    }

    [Fact]
    public async Task An_update_refused_in_one_part_saves_no_part()
    {
        var bot = await _db.CreateEligibleAccountAsync("integration.bot");
        var key = await CreateKeyAsync(bot, 30);

        var refused = await _db.KeysAsync(keys => keys.UpdateAsync(key.Id, new KeyUpdate("ERP export", null, Now.AddDays(-1)), key.Version, default));

        Assert.Equal(FailureCode.ExpiryNotInFuture, refused.Failure?.Code);
        var row = (await QueryAsync(new KeyQuery())).Single();
        Assert.Equal((key.Name, key.ExpiresAt, key.Version), (row.Name, row.ExpiresAt, row.Version));
    }

    [Fact]
    public async Task A_key_is_found_by_its_whole_token_only()
    {
        var bot = await _db.CreateEligibleAccountAsync("integration.bot");
        var key = await CreateKeyAsync(bot, 30);

        Assert.Equal(key.Id, (await _db.KeysAsync(keys => keys.FindByTokenAsync(key.Token, default)))?.Id);
        Assert.Null(await _db.KeysAsync(keys => keys.FindByTokenAsync(key.Token[..20], default)));
        Assert.Null(await _db.KeysAsync(keys => keys.FindByTokenAsync(key.Token.ToUpperInvariant(), default)));
    }

    [Fact]
    public async Task Change_expiry_refuses_a_past_date_and_keeps_the_old_one()
    {
        var bot = await _db.CreateEligibleAccountAsync("integration.bot");
        var key = await CreateKeyAsync(bot, 30);

        var changed = await _db.KeysAsync(keys => keys.UpdateAsync(key.Id, KeyUpdate.Expiry(Now.AddMinutes(-1)), key.Version, default));

        Assert.Equal(FailureCode.ExpiryNotInFuture, changed.Failure?.Code);
        Assert.Equal(key.ExpiresAt, (await QueryAsync(new KeyQuery())).Single().ExpiresAt);
    }

    [Fact]
    public async Task A_stale_edit_is_refused_as_a_concurrency_conflict()
    {
        var bot = await _db.CreateEligibleAccountAsync("integration.bot");
        var key = await CreateKeyAsync(bot, 30);
        var first = await _db.KeysAsync(keys => keys.UpdateAsync(key.Id, KeyUpdate.Expiry(Now.AddDays(60)), key.Version, default));

        var second = await _db.KeysAsync(keys => keys.UpdateAsync(key.Id, KeyUpdate.Expiry(Now.AddDays(90)), key.Version, default));

        Assert.True(first.Succeeded);
        Assert.Equal(FailureCode.ConcurrencyConflict, second.Failure?.Code);
        Assert.Equal(Now.AddDays(60), (await QueryAsync(new KeyQuery())).Single().ExpiresAt);
    }

    [Fact]
    public async Task Two_administrators_saving_at_the_same_moment_cannot_both_win()
    {
        var bot = await _db.CreateEligibleAccountAsync("integration.bot");
        var key = await CreateKeyAsync(bot, 30);
        await using var first = await _db.OpenAsync();
        var loaded = await first.AuthenticationKeys.SingleAsync();
        var otherEdit = await _db.KeysAsync(keys => keys.UpdateAsync(key.Id, KeyUpdate.Expiry(Now.AddDays(90)), key.Version, default));

        Assert.Null(loaded.ChangeExpiry(Now.AddDays(60), Now, new KeyLifetime(TimeSpan.FromDays(365))));

        Assert.True(otherEdit.Succeeded);
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => first.SaveChangesAsync());
    }

    [Fact]
    public async Task Re_dating_a_key_deleted_meanwhile_says_it_is_gone()
    {
        var bot = await _db.CreateEligibleAccountAsync("integration.bot");
        var key = await CreateKeyAsync(bot, 30);
        await _db.KeysAsync(keys => keys.DeleteAsync([key.Id], default));

        var changed = await _db.KeysAsync(keys => keys.UpdateAsync(key.Id, KeyUpdate.Expiry(Now.AddDays(60)), key.Version, default));

        Assert.Equal(FailureCode.KeyNotFound, changed.Failure?.Code);
        Assert.Contains("deleted", changed.Failure!.Message);
    }

    [Fact]
    public async Task Delete_many_deletes_exactly_the_given_keys_and_counts_them()
    {
        var bot = await _db.CreateEligibleAccountAsync("integration.bot");
        var keys = new List<AuthenticationKeyRow>();
        for (var i = 1; i <= 5; i++)
        {
            keys.Add(await CreateKeyAsync(bot, i * 10));
        }

        var deleted = await _db.KeysAsync(service => service.DeleteAsync([keys[1].Id, keys[3].Id], default));

        Assert.Equal(2, deleted.Value);
        Assert.Equal([keys[0].Id, keys[2].Id, keys[4].Id], (await QueryAsync(new KeyQuery())).Select(k => k.Id));
    }

    [Fact]
    public async Task Deleting_keys_already_deleted_by_another_administrator_counts_only_those_still_there()
    {
        var bot = await _db.CreateEligibleAccountAsync("integration.bot");
        var first = await CreateKeyAsync(bot, 10);
        var second = await CreateKeyAsync(bot, 20);
        await _db.KeysAsync(keys => keys.DeleteAsync([first.Id], default));

        var deleted = await _db.KeysAsync(keys => keys.DeleteAsync([first.Id, second.Id], default));

        Assert.Equal(1, deleted.Value);
        Assert.Equal(0, await CountKeysAsync());
    }

    [Fact]
    public async Task Deleting_nothing_is_refused()
    {
        var deleted = await _db.KeysAsync(keys => keys.DeleteAsync([], default));

        Assert.Equal(FailureCode.NothingSelected, deleted.Failure?.Code);
    }

    private async Task<AuthenticationKeyRow> CreateKeyAsync(string accountId, int daysValid)
    {
        var created = await _db.KeysAsync(keys => keys.CreateAsync(accountId, Now.AddDays(daysValid), default));
        Assert.True(created.Succeeded, created.Failure?.Message);
        return created.Value!.Key;
    }

    private async Task<IReadOnlyList<AuthenticationKeyRow>> QueryAsync(KeyQuery query) =>
        (await _db.KeysAsync(keys => keys.QueryAsync(query, default))).Items;

    private int DaysLeft(AuthenticationKeyRow key) => (int)Math.Round((key.ExpiresAt - key.CreatedAt).TotalDays);

    private async Task<int> CountKeysAsync()
    {
        await using var db = await _db.OpenAsync();
        return await db.AuthenticationKeys.CountAsync();
    }

    private async Task DeactivateAsync(string accountId)
    {
        await using var scope = _db.Scope();
        var accounts = scope.ServiceProvider.GetRequiredService<UserManager<Account>>();
        var account = await accounts.FindByIdAsync(accountId);
        account!.IsActive = false;
        await accounts.UpdateAsync(account);
    }
}

public sealed class AuthenticationKeyServiceOnSqliteTests : AuthenticationKeyServiceTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

[Trait("Category", "Postgres")]
public sealed class AuthenticationKeyServiceOnPostgreSqlTests : AuthenticationKeyServiceTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSql;
}
