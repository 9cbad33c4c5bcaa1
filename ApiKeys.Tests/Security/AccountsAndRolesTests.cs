using ApiKeys.Domain;
using ApiKeys.Domain.Accounts;
using ApiKeys.Domain.Audit;
using ApiKeys.Domain.Keys;
using ApiKeys.Domain.Storage;
using ApiKeys.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ApiKeys.Tests.Security;

/// <summary>Accounts and system roles through their services: the rules, the audit trail, and what the keys see.</summary>
public abstract class AccountsAndRolesTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    protected abstract DatabaseProvider Provider { get; }

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync(provider: Provider);

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task The_last_active_administrator_can_be_neither_deactivated_nor_removed()
    {
        var only = await _db.CreateAccountAsync("only.admin", "Only", SystemRole.Administrators);

        var deactivated = await WithAccounts(a => a.SetActiveAsync(only, false, default));
        var removed = await WithAccounts(a => a.RemoveFromRoleAsync(only, SystemRole.Administrators, default));

        Assert.Equal(FailureCode.LastAdministrator, deactivated.Failure?.Code);
        Assert.Equal(FailureCode.LastAdministrator, removed.Failure?.Code);
        Assert.Contains("last active member", deactivated.Failure!.Message);

        var second = await _db.CreateAccountAsync("second.admin", "Second", SystemRole.Administrators);
        Assert.True((await WithAccounts(a => a.SetActiveAsync(only, false, default))).Succeeded);
        Assert.Equal(FailureCode.LastAdministrator, (await WithAccounts(a => a.SetActiveAsync(second, false, default))).Failure?.Code);
    }

    [Fact]
    public async Task Nobody_deactivates_their_own_account_or_takes_it_out_of_System_administrators_even_with_another_administrator()
    {
        await WithRoles(r => r.CreateAsync("Integrations", apiCalls: true, default));
        var self = await _db.CreateAccountAsync("test.admin", "Acting administrator", SystemRole.Administrators, "Integrations");
        await _db.CreateAccountAsync("other.admin", "Other", SystemRole.Administrators);

        var deactivated = await WithAccounts(a => a.SetActiveAsync(self, false, default));
        var removed = await WithAccounts(a => a.RemoveFromRoleAsync(self, SystemRole.Administrators, default));

        Assert.Equal(FailureCode.OwnAccountDeactivation, deactivated.Failure?.Code);
        Assert.Contains("ask another administrator", deactivated.Failure!.Message);
        Assert.Equal(FailureCode.OwnAdministratorRole, removed.Failure?.Code);
        Assert.True((await WithAccounts(a => a.QueryAsync("test.admin", 0, 10, default))).Items.Single().IsActive);
        Assert.True((await WithAccounts(a => a.RemoveFromRoleAsync(self, "Integrations", default))).Succeeded); // any other role is theirs to leave
    }

    [Fact]
    public async Task A_change_says_beforehand_who_loses_API_access_and_how_many_working_keys_stop()
    {
        var roleId = (await WithRoles(r => r.CreateAsync("Exchange", apiCalls: true, default))).Value!;
        var only = (await WithAccounts(a => a.CreateAsync("exchange.bot", "Exchange bot", null, false, default, ["Exchange"]))).Value!;
        var kept = (await WithAccounts(a => a.CreateAsync("exchange.admin", "Exchange admin", null, false, default, ["Exchange", SystemRole.Administrators]))).Value!;
        var now = _db.Clock.GetUtcNow();
        var working = (await _db.KeysAsync(k => k.CreateAsync("exchange.bot", now.AddDays(30), default))).Value!;
        var disabled = (await _db.KeysAsync(k => k.CreateAsync("exchange.bot", now.AddDays(30), default))).Value!;
        await _db.KeysAsync(k => k.SetDisabledAsync([disabled.Key.Id], true, default));
        await _db.KeysAsync(k => k.CreateAsync("exchange.admin", now.AddDays(30), default));

        var roleLoss = await WithRoles(r => r.LossAsync(roleId, default));
        var deactivationLoss = await WithAccounts(a => a.LossAsync(only, removedRoles: null, default));
        var keptLoss = await WithAccounts(a => a.LossAsync(kept, ["Exchange"], default));

        Assert.Equal(["exchange.bot"], roleLoss.Accounts.Select(a => a.Login));
        Assert.Equal(1, roleLoss.Keys); // the disabled key already does not work
        Assert.Equal((1, 1), (deactivationLoss.AccountCount, deactivationLoss.Keys));
        Assert.Equal(AccessLoss.None, keptLoss); // "System administrators" keeps it
        Assert.Equal(2, (await WithAccounts(a => a.QueryAsync("exchange.bot", 0, 10, default))).Items.Single().KeyCount);
        Assert.Equal(3, (await WithRoles(r => r.ListAsync(default))).Single(r => r.Name == "Exchange").KeyCount);
        Assert.Equal(KeyStatus.Active, await StatusAsync(working.Key.Token)); // asking changed nothing
    }

    [Theory]
    [InlineData("en", "Passwords must be at least 12 characters.")]
    [InlineData("ru", "Пароль должен содержать не менее 12 символов.")]
    public async Task Identity_says_what_is_wrong_with_a_password_in_the_language_of_the_page(string language, string expected)
    {
        var before = System.Globalization.CultureInfo.CurrentUICulture;
        System.Globalization.CultureInfo.CurrentUICulture = new System.Globalization.CultureInfo(language);
        try
        {
            var created = await WithAccounts(a => a.CreateAsync("short.password", "Short", "Aa1!", mustChangePassword: false, default));

            Assert.False(created.Succeeded);
            Assert.Contains(expected, created.Failure!.Message);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentUICulture = before;
        }
    }

    [Fact]
    public async Task An_e_mail_address_is_set_checked_cleared_and_audited_without_signing_the_account_out()
    {
        var admin = await _db.CreateAccountAsync("mail.admin", "Mail", SystemRole.Administrators);
        string? Stamp(ApiKeysDbContext db) => db.Users.Single(a => a.Id == admin).SecurityStamp;
        string? before;
        await using (var db = await _db.OpenAsync())
        {
            before = Stamp(db);
        }

        var set = await WithAccounts(a => a.SetEmailAsync(admin, "  ops@example.com ", default));
        var invalid = await WithAccounts(a => a.SetEmailAsync(admin, "ops@", default));
        var listed = (await WithAccounts(a => a.QueryAsync("mail.admin", 0, 10, default))).Items.Single().Email;
        var cleared = await WithAccounts(a => a.SetEmailAsync(admin, " ", default));

        Assert.True(set.Succeeded);
        Assert.Equal("ops@example.com", listed);
        Assert.Equal(FailureCode.InvalidEmail, invalid.Failure?.Code);
        Assert.Equal("«ops@» is not an e-mail address such as name@example.com.", invalid.Failure!.Message);
        Assert.True(cleared.Succeeded);
        await using var check = await _db.OpenAsync();
        Assert.Null(check.Users.Single(a => a.Id == admin).Email);
        Assert.Equal(before, Stamp(check));
        Assert.Equal(["removed", "«ops@example.com»"], check.AuditEntries.Where(e => e.Action == AuditAction.AccountEmailChanged)
            .OrderByDescending(e => e.At).Select(e => e.Details!).ToList());
    }

    [Fact]
    public async Task Two_tabs_deactivating_and_reactivating_see_each_others_changes()
    {
        await _db.CreateAccountAsync("second.admin", "Second", SystemRole.Administrators);
        var bot = await _db.CreateEligibleAccountAsync("exchange.bot");
        await using var tabA = _db.Scope();
        await using var tabB = _db.Scope();
        var a = tabA.ServiceProvider.GetRequiredService<AccountService>();
        var b = tabB.ServiceProvider.GetRequiredService<AccountService>();

        Assert.True((await a.SetActiveAsync(bot, false, default)).Succeeded);
        Assert.True((await b.SetActiveAsync(bot, true, default)).Succeeded);
        var again = await a.SetActiveAsync(bot, false, default);
        var stale = await b.SetActiveAsync(bot, false, default);

        Assert.True(again.Succeeded);
        Assert.Equal(FailureCode.AlreadyDeactivated, stale.Failure?.Code);
        Assert.Contains("already deactivated", stale.Failure!.Message);
        Assert.False((await WithAccounts(s => s.QueryAsync("exchange.bot", 0, 10, default))).Items.Single().IsActive);
        await using var db = await _db.OpenAsync();
        var actions = await db.AuditEntries.Where(e => e.Target == "exchange.bot").OrderBy(e => e.At).Select(e => e.Action).ToListAsync();
        Assert.Equal([AuditAction.AccountDeactivated, AuditAction.AccountReactivated, AuditAction.AccountDeactivated], actions.Where(x => x != AuditAction.AccountCreated && x != AuditAction.AccountAddedToRole));
    }

    [Theory]
    [InlineData("x", FailureCode.NameTooLong)]
    [InlineData("Bot\0name", FailureCode.NameHasControlCharacters)]
    [InlineData("Bot\nname", FailureCode.NameHasControlCharacters)]
    [InlineData("Bot\u202Ename", FailureCode.NameHasControlCharacters)]
    [InlineData("Bot\u200Bname", FailureCode.NameHasControlCharacters)]
    [InlineData("   ", FailureCode.NameRequired)]
    public async Task Display_names_and_role_names_are_limited_and_refuse_control_characters(string name, FailureCode expected)
    {
        name = name == "x" ? new string('x', 10_000) : name;

        var account = await WithAccounts(a => a.CreateAsync("partner.bot", name, null, false, default));
        var role = await WithRoles(r => r.CreateAsync(name, apiCalls: false, default));

        Assert.Equal(expected, account.Failure?.Code);
        Assert.Equal(expected, role.Failure?.Code);
        Assert.Empty((await WithAccounts(a => a.QueryAsync("partner.bot", 0, 10, default))).Items);
    }

    [Fact]
    public async Task The_built_in_role_cannot_be_renamed_or_deleted()
    {
        var administrators = (await WithRoles(r => r.ListAsync(default))).Single(r => r.IsBuiltIn);

        Assert.Equal(FailureCode.BuiltInRole, (await WithRoles(r => r.RenameAsync(administrators.Id, "Admins", default))).Failure?.Code);
        Assert.Equal(FailureCode.BuiltInRole, (await WithRoles(r => r.DeleteAsync(administrators.Id, default))).Failure?.Code);
    }

    [Fact]
    public async Task Eligibility_follows_roles_permissions_and_activity_and_shows_in_the_keys_list()
    {
        var roleId = (await WithRoles(r => r.CreateAsync("Exchange", apiCalls: true, default))).Value!;
        var account = (await WithAccounts(a => a.CreateAsync("exchange.bot", "Exchange bot", null, false, default))).Value!;
        await WithAccounts(a => a.AddToRoleAsync(account, "Exchange", default));
        var key = (await _db.KeysAsync(k => k.CreateAsync("exchange.bot", _db.Clock.GetUtcNow().AddDays(60), default))).Value!;
        Assert.True(await MayUseApiAsync("exchange.bot"));

        await WithRoles(r => r.SetApiCallsAsync(roleId, false, default));
        Assert.False(await MayUseApiAsync("exchange.bot"));
        Assert.Equal(KeyStatus.AccountNotEligible, await StatusAsync(key.Key.Token));
        Assert.Empty(await _db.KeysAsync(k => k.FindEligibleAccountsAsync("exchange", 10, default)));

        await WithRoles(r => r.SetApiCallsAsync(roleId, true, default));
        await WithAccounts(a => a.SetActiveAsync(account, false, default));
        Assert.Equal(KeyStatus.AccountNotEligible, await StatusAsync(key.Key.Token));

        await WithAccounts(a => a.SetActiveAsync(account, true, default));
        Assert.Equal(KeyStatus.Active, await StatusAsync(key.Key.Token));
    }

    [Fact]
    public async Task Every_kind_of_action_leaves_one_audit_entry_with_actor_and_target()
    {
        await _db.CreateAccountAsync("other.admin", "Other", SystemRole.Administrators);
        var roleId = (await WithRoles(r => r.CreateAsync("Exchange", apiCalls: false, default))).Value!;
        await WithRoles(r => r.SetApiCallsAsync(roleId, true, default));
        await WithRoles(r => r.SetApiCallsAsync(roleId, false, default));
        await WithRoles(r => r.RenameAsync(roleId, "Exchange partners", default));
        var account = (await WithAccounts(a => a.CreateAsync("partner", "Partner", null, false, default))).Value!;
        await WithAccounts(a => a.AddToRoleAsync(account, SystemRole.Administrators, default));
        var key = (await _db.KeysAsync(k => k.CreateAsync("partner", _db.Clock.GetUtcNow().AddDays(10), default))).Value!;
        await _db.KeysAsync(k => k.UpdateAsync(key.Key.Id, KeyUpdate.Expiry(_db.Clock.GetUtcNow().AddDays(20)), key.Key.Version, default));
        await _db.KeysAsync(k => k.DeleteAsync([key.Key.Id], default));
        await WithAccounts(a => a.SetActiveAsync(account, false, default));
        await WithAccounts(a => a.SetActiveAsync(account, true, default));
        await WithAccounts(a => a.RemoveFromRoleAsync(account, SystemRole.Administrators, default));
        await WithRoles(r => r.DeleteAsync(roleId, default));

        var entries = (await _db.WithServiceAsync<AuditTrail, AuditPage>(a => a.QueryAsync(new AuditQuery(PageSize: 100), default))).Items;

        string[] expected =
        [
            AuditAction.RoleCreated, AuditAction.ApiCallsGranted, AuditAction.ApiCallsRevoked, AuditAction.RoleRenamed, AuditAction.AccountCreated,
            AuditAction.AccountAddedToRole, AuditAction.KeyCreated, AuditAction.KeyExpiryChanged, AuditAction.KeyDeleted, AuditAction.AccountDeactivated,
            AuditAction.AccountReactivated, AuditAction.AccountRemovedFromRole, AuditAction.RoleDeleted,
        ];
        Assert.Equal(expected.Order(), entries.Select(e => e.Action).Order());
        Assert.All(entries, e => Assert.Equal("test.admin", e.Actor));
        Assert.Contains(entries, e => e.Action == AuditAction.KeyDeleted && e.Target == $"{key.Key.Token} (partner)");
        Assert.DoesNotContain(entries, e => (e.Details ?? "").Contains(key.Secret));
    }

    [Fact]
    public async Task Audit_entries_cannot_be_changed_or_deleted()
    {
        await WithRoles(r => r.CreateAsync("Exchange", apiCalls: false, default));
        await using var db = await _db.OpenAsync();
        var entry = await db.AuditEntries.FirstAsync();

        entry.Details = "rewritten";

        await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
        db.ChangeTracker.Clear();
        db.AuditEntries.Remove(await db.AuditEntries.FirstAsync());
        await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
    }

    private async Task<bool> MayUseApiAsync(string login) =>
        (await WithAccounts(a => a.QueryAsync(login, 0, 10, default))).Items.Single(a => a.Login == login).MayUseApi;

    private async Task<KeyStatus> StatusAsync(string token) =>
        (await _db.KeysAsync(k => k.QueryAsync(new KeyQuery(Search: token), default))).Items.Single().Status;

    private Task<T> WithAccounts<T>(Func<AccountService, Task<T>> use) => _db.WithServiceAsync(use);

    private Task<T> WithRoles<T>(Func<SystemRoleService, Task<T>> use) => _db.WithServiceAsync(use);
}

public sealed class AccountsAndRolesOnSqliteTests : AccountsAndRolesTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.Sqlite;
}

[Trait("Category", "Postgres")]
public sealed class AccountsAndRolesOnPostgreSqlTests : AccountsAndRolesTests
{
    protected override DatabaseProvider Provider => DatabaseProvider.PostgreSql;
}
