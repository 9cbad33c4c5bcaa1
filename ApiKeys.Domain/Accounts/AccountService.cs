using ApiKeys.Domain.Audit;
using ApiKeys.Domain.Keys;
using ApiKeys.Domain.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ApiKeys.Domain.Accounts;

/// <summary>Accounts and their system roles: what makes an account eligible for keys. Every change is audited and revokes at once.</summary>
public sealed class AccountService(
    ApiKeysDbContext db,
    UserManager<Account> accounts,
    AuditTrail audit,
    TimeProvider time,
    IStringLocalizer<Messages> messages)
{
    public async Task<AccountPage> QueryAsync(string? search, int page, int pageSize, CancellationToken cancellationToken)
    {
        var query = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var upper = search.Trim().ToUpperInvariant();
            query = query.Where(a => a.NormalizedUserName!.Contains(upper) || a.NormalizedDisplayName.Contains(upper));
        }

        var total = await query.CountAsync(cancellationToken);
        var eligible = db.EligibleAccounts();
        var now = time.GetUtcNow();
        var rows = await query.OrderBy(a => a.NormalizedDisplayName).ThenBy(a => a.NormalizedUserName)
            .Skip(Math.Max(0, page) * pageSize).Take(pageSize)
            .Select(a => new
            {
                a.Id, a.UserName, a.DisplayName, a.IsActive, a.LockoutEnd,
                MayUseApi = eligible.Any(e => e.Id == a.Id),
                Roles = db.UserRoles.Where(m => m.UserId == a.Id).Join(db.Roles, m => m.RoleId, r => r.Id, (_, r) => r.Name).ToList(),
            })
            .ToListAsync(cancellationToken);
        return new AccountPage(
            [.. rows.Select(a => new AccountRow(a.Id, a.UserName ?? "", a.DisplayName, a.IsActive, [.. a.Roles.OfType<string>().Order()], a.MayUseApi, a.LockoutEnd > now))],
            total);
    }

    public async Task<IReadOnlyList<string>> RoleNamesAsync(CancellationToken cancellationToken) =>
        await db.Roles.AsNoTracking().OrderBy(r => r.Name).Select(r => r.Name!).ToListAsync(cancellationToken);

    public async Task<Result<string>> CreateAsync(string login, string displayName, string? password, bool mustChangePassword, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(login) || string.IsNullOrWhiteSpace(displayName))
        {
            return Fail(FailureCode.NameRequired);
        }

        if (await accounts.FindByNameAsync(login.Trim()) is not null)
        {
            return Fail(FailureCode.LoginTaken, login.Trim());
        }

        var account = new Account { UserName = login.Trim(), DisplayName = displayName.Trim(), MustChangePassword = mustChangePassword };
        var created = password is null ? await accounts.CreateAsync(account) : await accounts.CreateAsync(account, password);
        if (!created.Succeeded)
        {
            return Invalid(created);
        }

        await audit.RecordAsync(AuditAction.AccountCreated, account.UserName, $"display name «{account.DisplayName}»", cancellationToken: cancellationToken);
        return account.Id;
    }

    public async Task<Result<bool>> SetActiveAsync(string accountId, bool active, CancellationToken cancellationToken)
    {
        var account = await accounts.FindByIdAsync(accountId);
        if (account is null)
        {
            return Fail(FailureCode.AccountNotFound);
        }

        if (account.IsActive == active)
        {
            return true;
        }

        if (!active && await IsLastActiveAdministratorAsync(account, cancellationToken))
        {
            return Fail(FailureCode.LastAdministrator, account.UserName!);
        }

        account.IsActive = active;
        var updated = await accounts.UpdateAsync(account);
        if (!updated.Succeeded)
        {
            return Invalid(updated);
        }

        if (!active)
        {
            await accounts.UpdateSecurityStampAsync(account); // signs the account out of the admin UI too
        }

        await audit.RecordAsync(active ? AuditAction.AccountReactivated : AuditAction.AccountDeactivated, account.UserName!, cancellationToken: cancellationToken);
        return true;
    }

    public async Task<Result<bool>> AddToRoleAsync(string accountId, string role, CancellationToken cancellationToken)
    {
        var account = await accounts.FindByIdAsync(accountId);
        if (account is null)
        {
            return Fail(FailureCode.AccountNotFound);
        }

        if (!await db.Roles.AnyAsync(r => r.Name == role, cancellationToken))
        {
            return Fail(FailureCode.RoleNotFound);
        }

        if (await accounts.IsInRoleAsync(account, role))
        {
            return true;
        }

        var added = await accounts.AddToRoleAsync(account, role);
        if (!added.Succeeded)
        {
            return Invalid(added);
        }

        await audit.RecordAsync(AuditAction.AccountAddedToRole, account.UserName!, $"role «{role}»", cancellationToken: cancellationToken);
        return true;
    }

    public async Task<Result<bool>> RemoveFromRoleAsync(string accountId, string role, CancellationToken cancellationToken)
    {
        var account = await accounts.FindByIdAsync(accountId);
        if (account is null)
        {
            return Fail(FailureCode.AccountNotFound);
        }

        if (!await accounts.IsInRoleAsync(account, role))
        {
            return true;
        }

        if (role == SystemRole.Administrators && await IsLastActiveAdministratorAsync(account, cancellationToken))
        {
            return Fail(FailureCode.LastAdministrator, account.UserName!);
        }

        var removed = await accounts.RemoveFromRoleAsync(account, role);
        if (!removed.Succeeded)
        {
            return Invalid(removed);
        }

        await audit.RecordAsync(AuditAction.AccountRemovedFromRole, account.UserName!, $"role «{role}»", cancellationToken: cancellationToken);
        return true;
    }

    private async Task<bool> IsLastActiveAdministratorAsync(Account account, CancellationToken cancellationToken)
    {
        var administrators = await db.Roles.Where(r => r.Name == SystemRole.Administrators).Select(r => r.Id).FirstOrDefaultAsync(cancellationToken);
        var others = await db.UserRoles.Where(m => m.RoleId == administrators && m.UserId != account.Id)
            .Join(db.Users, m => m.UserId, a => a.Id, (_, a) => a)
            .AnyAsync(a => a.IsActive, cancellationToken);
        return account.IsActive && await accounts.IsInRoleAsync(account, SystemRole.Administrators) && !others;
    }

    private Failure Fail(FailureCode code, params object[] arguments) => new(code, messages[code.ToString(), arguments]);

    private Failure Invalid(IdentityResult result) =>
        Fail(FailureCode.InvalidAccount, string.Join(" ", result.Errors.Select(e => e.Description)));
}
