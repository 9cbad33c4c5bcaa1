using System.Security.Cryptography;
using ApiKeys.Domain.Audit;
using ApiKeys.Domain.Storage;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace ApiKeys.Domain.Accounts;

/// <summary>
/// First run: when no active account is in "System administrators", makes <c>admin</c> one, with the password from
/// <c>Bootstrap:AdminPassword</c> or a generated one written once to the log and flagged must-change.
/// </summary>
public sealed partial class AdministratorBootstrap(
    ApiKeysDbContext db,
    UserManager<Account> accounts,
    IConfiguration configuration,
    AuditTrail audit,
    ILogger<AdministratorBootstrap> logger)
{
    /// <summary>The first administrator's display name until someone renames it; the admin shows it in the page's language.</summary>
    public const string DefaultDisplayName = "Administrator";

    public const string Login = "admin";

    /// <summary>
    /// Makes <c>admin</c> an administrator when there is none. Instances started together race for it: one that
    /// loses waits for the winner's administrator to appear, and tries again only if none does.
    /// </summary>
    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            IdentityResult? failed;
            try
            {
                failed = await TryEnsureAsync(cancellationToken);
            }
            catch (DbUpdateException exception)
            {
                failed = IdentityResult.Failed(new IdentityError { Description = exception.GetBaseException().Message });
            }

            if (failed is null)
            {
                return;
            }

            for (var wait = 0; wait < 10; wait++)
            {
                if (await HasAdministratorAsync(cancellationToken))
                {
                    return; // another instance starting at the same moment made it
                }

                await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
            }

            if (attempt == 3)
            {
                throw new InvalidOperationException(
                    $"Could not create the first administrator '{Login}': {string.Join(" ", failed.Errors.Select(e => e.Description))} (check Bootstrap:AdminPassword).");
            }

            db.ChangeTracker.Clear();
        }
    }

    /// <summary>Null when there is an administrator now (made here or already there); else why saving failed.</summary>
    private async Task<IdentityResult?> TryEnsureAsync(CancellationToken cancellationToken)
    {
        if (await HasAdministratorAsync(cancellationToken))
        {
            return null;
        }

        var configured = configuration["Bootstrap:AdminPassword"];
        var password = string.IsNullOrEmpty(configured) ? GeneratePassword() : configured;
        var existing = await accounts.FindByNameAsync(Login);
        var account = existing ?? new Account { UserName = Login, DisplayName = DefaultDisplayName };
        account.IsActive = true;
        account.MustChangePassword = string.IsNullOrEmpty(configured);
        var saved = existing is null ? await accounts.CreateAsync(account, password) : await ResetPasswordAsync(account, password);
        if (saved.Succeeded && !await accounts.IsInRoleAsync(account, SystemRole.Administrators))
        {
            saved = await accounts.AddToRoleAsync(account, SystemRole.Administrators);
        }

        if (!saved.Succeeded)
        {
            return saved;
        }

        if (string.IsNullOrEmpty(configured))
        {
            LogGeneratedPassword(logger, Login, password);
        }
        else
        {
            LogConfiguredPassword(logger, Login);
        }

        await audit.RecordAsync(AuditAction.AdministratorBootstrapped, Login,
            string.IsNullOrEmpty(configured) ? "generated password, must be changed at first sign-in" : "password from Bootstrap:AdminPassword",
            actorName: "start-up", cancellationToken: cancellationToken);
        return null;
    }

    private Task<bool> HasAdministratorAsync(CancellationToken cancellationToken) =>
        db.UserRoles
            .Join(db.Roles.Where(r => r.Name == SystemRole.Administrators), m => m.RoleId, r => r.Id, (m, _) => m.UserId)
            .Join(db.Users.Where(a => a.IsActive), id => id, a => a.Id, (_, a) => a.Id)
            .AnyAsync(cancellationToken);

    private async Task<IdentityResult> ResetPasswordAsync(Account account, string password)
    {
        var updated = await accounts.UpdateAsync(account);
        if (!updated.Succeeded)
        {
            return updated;
        }

        if (await accounts.HasPasswordAsync(account))
        {
            await accounts.RemovePasswordAsync(account);
        }

        return await accounts.AddPasswordAsync(account, password);
    }

    /// <summary>Four groups (upper, lower, digits, mixed) joined by dashes: meets every password rule, easy to type once.</summary>
    private static string GeneratePassword() => string.Join('-',
        RandomNumberGenerator.GetString("ABCDEFGHJKLMNPQRSTUVWXYZ", 5),
        RandomNumberGenerator.GetString("abcdefghijkmnopqrstuvwxyz", 5),
        RandomNumberGenerator.GetString("23456789", 5),
        RandomNumberGenerator.GetString("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789", 5));

    // A block of its own in the console, so it stands out among the start-up lines; the password keeps its own line.
    [LoggerMessage(Level = LogLevel.Warning, Message = """
        No administrator existed, so the account '{Login}' was made one with a one-time password.

            ============================================================
              Login:              {Login}
              One-time password:  {Password}
            ============================================================

        Sign in with it and choose your own. This password is not shown again.
        """)]
    private static partial void LogGeneratedPassword(ILogger logger, string login, string password);

    [LoggerMessage(Level = LogLevel.Information, Message = "No administrator existed, so the account '{Login}' was made one with the password from Bootstrap:AdminPassword.")]
    private static partial void LogConfiguredPassword(ILogger logger, string login);
}
