using ApiKeys.Domain.Audit;
using ApiKeys.Domain.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ApiKeys.Domain.Accounts;

/// <summary>
/// Accounts and their system roles: what makes an account eligible for keys. One database context per operation;
/// every change is audited, revokes at once and signs the account out of open admin sessions.
/// </summary>
public sealed class AccountService(
    IdentityOperation operation,
    AuditTrail audit,
    ICurrentActor actor,
    TimeProvider time,
    IStringLocalizer<Messages> messages)
{
    public Task<AccountPage> QueryAsync(string? search, int page, int pageSize, CancellationToken cancellationToken) =>
        operation.RunAsync<UserManager<Account>, AccountPage>(async (_, db) =>
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
                    a.Id, a.UserName, a.DisplayName, a.IsActive, a.LockoutEnd, a.Email,
                    MayUseApi = eligible.Any(e => e.Id == a.Id),
                    Keys = db.AuthenticationKeys.Count(k => k.AccountId == a.Id),
                    Roles = db.UserRoles.Where(m => m.UserId == a.Id).Join(db.Roles, m => m.RoleId, r => r.Id, (_, r) => r.Name).ToList(),
                })
                .ToListAsync(cancellationToken);
            return new AccountPage(
                [.. rows.Select(a => new AccountRow(a.Id, a.UserName ?? "", a.DisplayName, a.IsActive, [.. a.Roles.OfType<string>().Order()], a.MayUseApi, a.LockoutEnd > now, a.Email, a.Keys))],
                total);
        });

    public Task<IReadOnlyList<string>> RoleNamesAsync(CancellationToken cancellationToken) =>
        operation.RunAsync<UserManager<Account>, IReadOnlyList<string>>(async (_, db) =>
            await db.Roles.AsNoTracking().OrderBy(r => r.Name).Select(r => r.Name!).ToListAsync(cancellationToken));

    /// <summary>The account with this login, or null.</summary>
    public Task<AccountSummary?> FindAsync(string login, CancellationToken cancellationToken) =>
        operation.RunAsync<UserManager<Account>, AccountSummary?>(async (accounts, _) =>
            await accounts.FindByNameAsync(login.Trim()) is { } account ? new AccountSummary(account.Id, account.UserName!, account.DisplayName) : null);

    public Task<Result<string>> CreateAsync(
        string login, string displayName, string? password, bool mustChangePassword, CancellationToken cancellationToken, IReadOnlyCollection<string>? roles = null) =>
        operation.RunAsync<UserManager<Account>, Result<string>>(async (accounts, db) =>
        {
            if ((Names.Refusal(login) ?? Names.Refusal(displayName)) is { } refusal)
            {
                return Fail(refusal, Names.MaxLength);
            }

            if (await accounts.FindByNameAsync(login.Trim()) is not null)
            {
                return Fail(FailureCode.LoginTaken, login.Trim());
            }

            foreach (var role in roles ?? [])
            {
                if (!await db.Roles.AnyAsync(r => r.Name == role, cancellationToken))
                {
                    return Fail(FailureCode.RoleNotFound);
                }
            }

            var account = new Account { UserName = login.Trim(), DisplayName = displayName.Trim(), MustChangePassword = mustChangePassword };
            var created = password is null ? await accounts.CreateAsync(account) : await accounts.CreateAsync(account, password);
            if (!created.Succeeded)
            {
                return Invalid(created);
            }

            await audit.RecordAsync(AuditAction.AccountCreated, account.UserName, $"display name «{account.DisplayName}»", cancellationToken: cancellationToken);
            foreach (var role in roles ?? [])
            {
                if (await accounts.AddToRoleAsync(account, role) is { Succeeded: false } added)
                {
                    return Invalid(added);
                }

                await audit.RecordAsync(AuditAction.AccountAddedToRole, account.UserName, $"role «{role}»", cancellationToken: cancellationToken);
            }

            return account.Id;
        });

    /// <summary>
    /// Sets the account's e-mail address (where System administrators get expiry notices), or clears it with null or
    /// blank. It does not sign the account out: the address is not a credential.
    /// </summary>
    public Task<Result<bool>> SetEmailAsync(string accountId, string? email, CancellationToken cancellationToken) =>
        operation.RunAsync<UserManager<Account>, Result<bool>>(async (accounts, _) =>
        {
            var account = await accounts.FindByIdAsync(accountId);
            if (account is null)
            {
                return Fail(FailureCode.AccountNotFound);
            }

            email = string.IsNullOrWhiteSpace(email) ? null : email.Trim();
            if (email is not null && !EmailAddresses.IsValid(email))
            {
                return Fail(FailureCode.InvalidEmail, email);
            }

            account.Email = email;
            var updated = await accounts.UpdateAsync(account); // normalizes and saves, without a new security stamp
            if (!updated.Succeeded)
            {
                return Refused(updated, account);
            }

            await audit.RecordAsync(AuditAction.AccountEmailChanged, account.UserName!, email is null ? "removed" : $"«{email}»", cancellationToken: cancellationToken);
            return true;
        });

    /// <summary>
    /// Who would lose API access, and how many working keys, if the account were deactivated (<paramref name="removedRoles"/>
    /// null) or taken out of <paramref name="removedRoles"/>.
    /// </summary>
    public Task<AccessLoss> LossAsync(string accountId, IReadOnlyCollection<string>? removedRoles, CancellationToken cancellationToken) =>
        operation.RunAsync<UserManager<Account>, AccessLoss>(async (_, db) =>
        {
            var account = db.EligibleAccounts().Where(a => a.Id == accountId);
            if (removedRoles is not null)
            {
                var roleIds = await db.Roles.Where(r => removedRoles.Contains(r.Name!)).Select(r => r.Id).ToListAsync(cancellationToken);
                account = account.Where(a => !db.EligibleAccountsBesides(roleIds, accountId).Any(k => k.Id == a.Id));
            }

            return await AccessLoss.OfAsync(db, account, time.GetUtcNow(), cancellationToken);
        });

    /// <summary>
    /// Deactivates or reactivates. Read afresh: when the account is already so (someone else did it meanwhile), says so
    /// rather than report a change that did not happen.
    /// </summary>
    public Task<Result<bool>> SetActiveAsync(string accountId, bool active, CancellationToken cancellationToken) =>
        operation.RunAsync<UserManager<Account>, Result<bool>>(async (accounts, db) =>
        {
            var account = await accounts.FindByIdAsync(accountId);
            if (account is null)
            {
                return Fail(FailureCode.AccountNotFound);
            }

            if (account.IsActive == active)
            {
                return Fail(active ? FailureCode.AlreadyActive : FailureCode.AlreadyDeactivated, account.UserName!);
            }

            if (!active && IsActing(account))
            {
                return Fail(FailureCode.OwnAccountDeactivation);
            }

            if (!active && await IsLastActiveAdministratorAsync(accounts, db, account, cancellationToken))
            {
                return Fail(FailureCode.LastAdministrator, account.UserName!);
            }

            account.IsActive = active;
            var updated = await accounts.UpdateSecurityStampAsync(account); // saves the change; signs the account out of the admin UI
            if (!updated.Succeeded)
            {
                return Refused(updated, account);
            }

            await audit.RecordAsync(active ? AuditAction.AccountReactivated : AuditAction.AccountDeactivated, account.UserName!, cancellationToken: cancellationToken);
            return true;
        });

    public Task<Result<bool>> AddToRoleAsync(string accountId, string role, CancellationToken cancellationToken) =>
        operation.RunAsync<UserManager<Account>, Result<bool>>(async (accounts, db) =>
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
            if (added.Succeeded)
            {
                added = await accounts.UpdateSecurityStampAsync(account);
            }

            if (!added.Succeeded)
            {
                return Refused(added, account);
            }

            await audit.RecordAsync(AuditAction.AccountAddedToRole, account.UserName!, $"role «{role}»", cancellationToken: cancellationToken);
            return true;
        });

    public Task<Result<bool>> RemoveFromRoleAsync(string accountId, string role, CancellationToken cancellationToken) =>
        operation.RunAsync<UserManager<Account>, Result<bool>>(async (accounts, db) =>
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

            if (role == SystemRole.Administrators && IsActing(account))
            {
                return Fail(FailureCode.OwnAdministratorRole);
            }

            if (role == SystemRole.Administrators && await IsLastActiveAdministratorAsync(accounts, db, account, cancellationToken))
            {
                return Fail(FailureCode.LastAdministrator, account.UserName!);
            }

            var removed = await accounts.RemoveFromRoleAsync(account, role);
            if (removed.Succeeded)
            {
                removed = await accounts.UpdateSecurityStampAsync(account); // an open admin session loses the role at its next check
            }

            if (!removed.Succeeded)
            {
                return Refused(removed, account);
            }

            await audit.RecordAsync(AuditAction.AccountRemovedFromRole, account.UserName!, $"role «{role}»", cancellationToken: cancellationToken);
            return true;
        });

    /// <summary>Whether the account is the one acting: nobody may lock themselves out, whoever else could let them back in.</summary>
    private bool IsActing(Account account) => string.Equals(account.UserName, actor.Name, StringComparison.OrdinalIgnoreCase);

    private static async Task<bool> IsLastActiveAdministratorAsync(UserManager<Account> accounts, ApiKeysDbContext db, Account account, CancellationToken cancellationToken)
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

    /// <summary>Identity's optimistic concurrency check failed (someone saved the account in between), or another refusal.</summary>
    private Failure Refused(IdentityResult result, Account account) =>
        result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.ConcurrencyFailure))
            ? Fail(FailureCode.AccountChangedMeanwhile, account.UserName!)
            : Invalid(result);
}
