using System.Security.Claims;
using ApiKeys.Domain.Audit;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace ApiKeys.Domain.Accounts;

/// <summary>System roles and their "API calls" permission. One database context per operation; every change is audited and revokes at once.</summary>
public sealed class SystemRoleService(
    IdentityOperation operation,
    AuditTrail audit,
    TimeProvider time,
    IStringLocalizer<Messages> messages)
{
    private static readonly Claim ApiCallsClaim = new(Permission.ClaimType, Permission.ApiCalls);

    public Task<IReadOnlyList<SystemRoleRow>> ListAsync(CancellationToken cancellationToken) =>
        operation.RunAsync<RoleManager<SystemRole>, IReadOnlyList<SystemRoleRow>>(async (_, db) => await db.Roles.AsNoTracking()
            .OrderByDescending(r => r.IsBuiltIn).ThenBy(r => r.Name)
            .Select(r => new SystemRoleRow(
                r.Id, r.Name!, r.IsBuiltIn,
                db.RoleClaims.Any(c => c.RoleId == r.Id && c.ClaimType == Permission.ClaimType && c.ClaimValue == Permission.ApiCalls),
                db.UserRoles.Count(m => m.RoleId == r.Id),
                db.AuthenticationKeys.Count(k => db.UserRoles.Any(m => m.RoleId == r.Id && m.UserId == k.AccountId))))
            .ToListAsync(cancellationToken));

    /// <summary>
    /// Who would lose API access, and how many working keys, if the role lost "API calls" or were deleted: its members
    /// eligible today that no other role keeps eligible.
    /// </summary>
    public Task<AccessLoss> LossAsync(string roleId, CancellationToken cancellationToken) =>
        operation.RunAsync<RoleManager<SystemRole>, AccessLoss>(async (_, db) =>
        {
            var kept = db.EligibleAccountsBesides([roleId], null);
            var losing = db.EligibleAccounts().Where(a => db.UserRoles.Any(m => m.UserId == a.Id && m.RoleId == roleId) && !kept.Any(k => k.Id == a.Id));
            return await AccessLoss.OfAsync(db, losing, time.GetUtcNow(), cancellationToken);
        });

    public Task<IReadOnlyList<AccountSummary>> MembersAsync(string roleId, CancellationToken cancellationToken) =>
        operation.RunAsync<RoleManager<SystemRole>, IReadOnlyList<AccountSummary>>(async (_, db) => await db.UserRoles.Where(m => m.RoleId == roleId)
            .Join(db.Users, m => m.UserId, a => a.Id, (_, a) => a)
            .OrderBy(a => a.NormalizedDisplayName)
            .Select(a => new AccountSummary(a.Id, a.UserName!, a.DisplayName))
            .ToListAsync(cancellationToken));

    public Task<Result<string>> CreateAsync(string name, bool apiCalls, CancellationToken cancellationToken) =>
        operation.RunAsync<RoleManager<SystemRole>, Result<string>>(async (roles, _) =>
        {
            if (Names.Refusal(name) is { } refusal)
            {
                return Fail(refusal, Names.MaxLength);
            }

            name = name.Trim();
            if (await roles.RoleExistsAsync(name))
            {
                return Fail(FailureCode.RoleNameTaken, name);
            }

            var role = new SystemRole { Name = name };
            var created = await roles.CreateAsync(role);
            if (created.Succeeded && apiCalls)
            {
                created = await roles.AddClaimAsync(role, ApiCallsClaim);
            }

            if (!created.Succeeded)
            {
                return Fail(FailureCode.InvalidAccount, string.Join(" ", created.Errors.Select(e => e.Description)));
            }

            await audit.RecordAsync(AuditAction.RoleCreated, name, apiCalls ? "with API calls" : null, cancellationToken: cancellationToken);
            return role.Id;
        });

    public Task<Result<bool>> RenameAsync(string roleId, string name, CancellationToken cancellationToken) =>
        operation.RunAsync<RoleManager<SystemRole>, Result<bool>>(async (roles, _) =>
        {
            var (role, refused) = await FindChangeableAsync(roles, roleId);
            if (refused is not null)
            {
                return refused;
            }

            if (Names.Refusal(name) is { } refusal)
            {
                return Fail(refusal, Names.MaxLength);
            }

            name = name.Trim();
            if (await roles.FindByNameAsync(name) is { } other && other.Id != role!.Id)
            {
                return Fail(FailureCode.RoleNameTaken, name);
            }

            var before = role!.Name;
            role.Name = name;
            var renamed = await roles.UpdateAsync(role);
            if (!renamed.Succeeded)
            {
                return Fail(FailureCode.InvalidAccount, string.Join(" ", renamed.Errors.Select(e => e.Description)));
            }

            await audit.RecordAsync(AuditAction.RoleRenamed, name, $"was «{before}»", cancellationToken: cancellationToken);
            return true;
        });

    public Task<Result<bool>> DeleteAsync(string roleId, CancellationToken cancellationToken) =>
        operation.RunAsync<RoleManager<SystemRole>, Result<bool>>(async (roles, _) =>
        {
            var (role, refused) = await FindChangeableAsync(roles, roleId);
            if (refused is not null)
            {
                return refused;
            }

            await roles.DeleteAsync(role!);
            await audit.RecordAsync(AuditAction.RoleDeleted, role!.Name!, cancellationToken: cancellationToken);
            return true;
        });

    public Task<Result<bool>> SetApiCallsAsync(string roleId, bool granted, CancellationToken cancellationToken) =>
        operation.RunAsync<RoleManager<SystemRole>, Result<bool>>(async (roles, _) =>
        {
            var role = await roles.FindByIdAsync(roleId);
            if (role is null)
            {
                return Fail(FailureCode.RoleNotFound);
            }

            if (role.IsBuiltIn)
            {
                // Its members may always call the API (Eligibility): a permission on it would change nothing, so say so.
                return Fail(FailureCode.AdministratorsAlwaysMayUseApi, role.Name!);
            }

            var has = (await roles.GetClaimsAsync(role)).Any(c => c.Type == ApiCallsClaim.Type && c.Value == ApiCallsClaim.Value);
            if (has == granted)
            {
                return true;
            }

            var changed = granted ? await roles.AddClaimAsync(role, ApiCallsClaim) : await roles.RemoveClaimAsync(role, ApiCallsClaim);
            if (!changed.Succeeded)
            {
                return Fail(FailureCode.InvalidAccount, string.Join(" ", changed.Errors.Select(e => e.Description)));
            }

            await audit.RecordAsync(granted ? AuditAction.ApiCallsGranted : AuditAction.ApiCallsRevoked, role.Name!, cancellationToken: cancellationToken);
            return true;
        });

    /// <summary>The role, or why it cannot be renamed or deleted (missing, or built in).</summary>
    private async Task<(SystemRole? Role, Failure? Refused)> FindChangeableAsync(RoleManager<SystemRole> roles, string roleId)
    {
        var role = await roles.FindByIdAsync(roleId);
        return role is null ? (null, Fail(FailureCode.RoleNotFound))
            : role.IsBuiltIn ? (null, Fail(FailureCode.BuiltInRole, role.Name!))
            : (role, null);
    }

    private Failure Fail(FailureCode code, params object[] arguments) => new(code, messages[code.ToString(), arguments]);
}
