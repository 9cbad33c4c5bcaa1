using ApiKeys.Domain.Accounts;
using ApiKeys.Domain.Audit;
using ApiKeys.Domain.Hmac;
using ApiKeys.Domain.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace ApiKeys.Domain.Keys;

/// <summary>
/// Issues, changes, rolls, disables and deletes authentication keys, one database context per operation: it loads the
/// keys, lets <see cref="AuthenticationKey"/> apply its rules, then saves the change and its audit entries together.
/// </summary>
public sealed partial class AuthenticationKeyService(
    IDbContextFactory<ApiKeysDbContext> databases,
    KeySecrets secrets,
    AuditTrail audit,
    ICurrentActor actor,
    TimeProvider time,
    IOptions<AuthenticationKeyOptions> options,
    IStringLocalizer<Messages> messages) : IAuthenticationKeyService
{
    private AuthenticationKeyOptions Options => options.Value;

    private KeyLifetime Lifetime => new(Options.MaximumLifetime);

    public async Task<Result<CreatedKey>> CreateAsync(KeyDraft draft, CancellationToken cancellationToken)
    {
        var (account, expiresAt, name, description) = (draft.Account, draft.ExpiresAt, draft.Name, draft.Description);
        var now = time.GetUtcNow();
        // The rules a key's own values must meet come first: nothing is read for a request that cannot succeed.
        if ((KeyNames.Check(string.IsNullOrWhiteSpace(name) ? "suggested" : name, description) ?? Lifetime.Check(KeyLifetime.WholeSeconds(expiresAt), now)
            ?? KeyScopes.Check(draft.Scopes) ?? draft.Limits?.Check()) is { } refused)
        {
            return Fail(refused);
        }

        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var login = account.Trim().ToUpperInvariant();
        var owner = await db.Users.AsNoTracking()
            .Where(a => a.Id == account || a.NormalizedUserName == login)
            .Select(a => new { a.Id, a.UserName, a.DisplayName })
            .FirstOrDefaultAsync(cancellationToken);
        if (owner is null)
        {
            return Fail(FailureCode.AccountNotFound);
        }

        if (!await db.EligibleAccounts().AnyAsync(a => a.Id == owner.Id, cancellationToken))
        {
            return Fail(FailureCode.AccountNotEligible, owner.UserName ?? owner.Id);
        }

        var secret = KeySecrets.NewSecret();
        var (key, refusal) = NewKey(owner.Id, string.IsNullOrWhiteSpace(name) ? KeyNames.Suggested(owner.DisplayName, now) : name, description, expiresAt, secret, now, draft.Scopes);
        if ((refusal ?? (draft.Limits is { } limits ? key!.ChangeLimits(limits, now).Refusal : null)) is { } limitRefused)
        {
            return Fail(limitRefused);
        }

        db.AuthenticationKeys.Add(key!);
        db.AuditEntries.Add(audit.Entry(AuditAction.KeyCreated, $"{key!.Token} ({owner.UserName})",
            $"«{key.Name}», expires {key.ExpiresAt:u}, scopes: {ScopesText(key.Scopes)}, limits: {key.Limits}"));
        await db.SaveChangesAsync(cancellationToken);

        return new CreatedKey(RowOf(key, owner.UserName ?? "", owner.DisplayName, accountEligible: true, now), secret);
    }

    public Task<Result<AuthenticationKeyRow>> UpdateAsync(Guid id, KeyUpdate update, Guid version, CancellationToken cancellationToken) =>
        ChangeAsync(id, version, (db, key) =>
        {
            var target = $"{key.Token} ({key.Account?.UserName})";
            var (name, description) = (update.Name ?? key.Name, update.Description is null ? key.Description : update.Description);
            if (name != key.Name || (description ?? "") != (key.Description ?? ""))
            {
                var before = key.Name;
                if (key.Rename(name, description) is { } refused)
                {
                    return Task.FromResult<Failure?>(Fail(refused));
                }

                db.AuditEntries.Add(audit.Entry(AuditAction.KeyRenamed, target, $"«{before}» → «{key.Name}»"));
            }

            if (update.ExpiresAt is { } expiresAt && KeyLifetime.WholeSeconds(expiresAt) != key.ExpiresAt)
            {
                var before = key.ExpiresAt;
                if (key.ChangeExpiry(expiresAt, time.GetUtcNow(), Lifetime) is { } refused)
                {
                    return Task.FromResult<Failure?>(Fail(refused));
                }

                db.AuditEntries.Add(audit.Entry(AuditAction.KeyExpiryChanged, target, $"from {before:u} to {key.ExpiresAt:u}"));
            }

            if (update.Scopes is { } scopes)
            {
                var before = key.Scopes;
                var (changed, refused) = key.ChangeScopes(scopes);
                if (refused is not null)
                {
                    return Task.FromResult<Failure?>(Fail(refused));
                }

                if (changed)
                {
                    db.AuditEntries.Add(audit.Entry(AuditAction.KeyScopesChanged, target, $"from {ScopesText(before)} to {ScopesText(key.Scopes)}"));
                }
            }

            if (update.Limits is { } limits)
            {
                var before = key.Limits;
                var (changed, refused) = key.ChangeLimits(limits, time.GetUtcNow());
                if (refused is not null)
                {
                    return Task.FromResult<Failure?>(Fail(refused));
                }

                if (changed)
                {
                    db.AuditEntries.Add(audit.Entry(AuditAction.KeyLimitsChanged, target, $"from {before} to {key.Limits}"));
                }
            }

            return Task.FromResult<Failure?>(null);
        }, cancellationToken);

    public async Task<Result<CreatedKey>> RollAsync(Guid id, TimeSpan grace, Guid version, CancellationToken cancellationToken)
    {
        if (!KeyRolls.Graces.Contains(grace))
        {
            return Fail(FailureCode.GraceNotOffered);
        }

        var now = time.GetUtcNow();
        AuthenticationKey? replacement = null;
        var secret = KeySecrets.NewSecret();
        var rolled = await ChangeAsync(id, version, async (db, old) =>
        {
            if (old.RollRefusal(now) is { } cannot)
            {
                return Fail(cannot);
            }

            if (!await db.EligibleAccounts().AnyAsync(a => a.Id == old.AccountId, cancellationToken))
            {
                return Fail(FailureCode.AccountNotEligible, old.Account?.UserName ?? old.AccountId);
            }

            var (next, refused) = NewKey(old.AccountId, old.Name, old.Description, old.ExpiresAt, secret, now, old.Scopes);
            if ((refused ?? old.RollTo(next!, now + grace)) is { } refusal)
            {
                return Fail(refusal);
            }

            replacement = next!;
            db.AuthenticationKeys.Add(replacement);
            var login = old.Account?.UserName;
            db.AuditEntries.Add(audit.Entry(AuditAction.KeyRolled, $"{old.Token} ({login})", $"replaced by {replacement.Token}, works until {old.ExpiresAt:u}"));
            db.AuditEntries.Add(audit.Entry(AuditAction.KeyCreated, $"{replacement.Token} ({login})", $"«{replacement.Name}», expires {replacement.ExpiresAt:u}, replaces {old.Token}"));
            return null;
        }, cancellationToken);

        return rolled.Failure is { } failure
            ? failure
            : new CreatedKey(RowOf(replacement!, rolled.Value!.AccountLogin, rolled.Value.AccountDisplayName, accountEligible: true, now), secret);
    }

    public async Task<Result<int>> SetDisabledAsync(IReadOnlyCollection<Guid> ids, bool disabled, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return Fail(FailureCode.NothingSelected);
        }

        var wanted = ids.Distinct().ToList();
        while (true)
        {
            await using var db = await databases.CreateDbContextAsync(cancellationToken);
            var keys = await db.AuthenticationKeys.Include(k => k.Account).Where(k => wanted.Contains(k.Id)).ToListAsync(cancellationToken);
            var changed = keys.Where(k => disabled ? k.Disable() : k.Enable()).ToList();
            db.AuditEntries.AddRange(changed.Select(k => audit.Entry(disabled ? AuditAction.KeyDisabled : AuditAction.KeyEnabled, $"{k.Token} ({k.Account?.UserName})")));
            db.NoteCredentialChanges(changed.Select(k => CredentialChange.Key(k.Token)));
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                return changed.Count;
            }
            catch (DbUpdateConcurrencyException)
            {
                // Another administrator changed one of them meanwhile: look again (a key now deleted is left out).
            }
        }
    }

    public async Task<Result<int>> DeleteAsync(IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return Fail(FailureCode.NothingSelected);
        }

        var wanted = ids.Distinct().ToList();
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var doomed = await db.AuthenticationKeys.Where(k => wanted.Contains(k.Id))
            .Select(k => new { k.Token, k.Account!.UserName })
            .ToListAsync(cancellationToken);
        var deleted = await db.AuthenticationKeys.Where(k => wanted.Contains(k.Id)).ExecuteDeleteAsync(cancellationToken);
        db.AuditEntries.AddRange(doomed.Select(k => audit.Entry(AuditAction.KeyDeleted, $"{k.Token} ({k.UserName})")));
        db.NoteCredentialChanges(doomed.Select(k => CredentialChange.Key(k.Token)));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return deleted;
    }

    /// <summary>
    /// Loads the key as the editor saw it (by id and version), applies one change (which adds its audit entry, or
    /// refuses) and saves both together; the key as saved, or why not (gone, or changed by someone else meanwhile).
    /// </summary>
    private async Task<Result<AuthenticationKeyRow>> ChangeAsync(
        Guid id, Guid version, Func<ApiKeysDbContext, AuthenticationKey, Task<Failure?>> change, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var db = await databases.CreateDbContextAsync(cancellationToken);
        var key = await db.AuthenticationKeys.Include(k => k.Account).FirstOrDefaultAsync(k => k.Id == id, cancellationToken);
        if (key is null)
        {
            return Fail(FailureCode.KeyNotFound);
        }

        if (key.Version != version)
        {
            return Fail(FailureCode.ConcurrencyConflict);
        }

        if (await change(db, key) is { } refused)
        {
            return refused;
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            var stillThere = await db.AuthenticationKeys.AnyAsync(k => k.Id == id, cancellationToken);
            return Fail(stillThere ? FailureCode.ConcurrencyConflict : FailureCode.KeyNotFound);
        }

        var stillEligible = await db.EligibleAccounts().AnyAsync(a => a.Id == key.AccountId, cancellationToken);
        return RowOf(key, key.Account?.UserName ?? "", key.Account?.DisplayName ?? "", stillEligible, now);
    }

    /// <summary>A new key with a fresh token and the secret stored encrypted.</summary>
    private (AuthenticationKey? Key, Refusal? Refusal) NewKey(
        string accountId, string name, string? description, DateTimeOffset expiresAt, string secret, DateTimeOffset now, IReadOnlyCollection<string>? scopes) =>
        AuthenticationKey.Create(accountId, name, description, expiresAt, KeySecrets.NewToken(), secrets.Protect(secret), actor.Name, now, Lifetime, scopes);

    /// <summary>The scopes as the audit log says them: "all APIs", or their names.</summary>
    private static string ScopesText(IReadOnlyList<string> scopes) => scopes.Count == 0 ? "all APIs" : string.Join(", ", scopes);

    private Failure Fail(FailureCode code, params object[] arguments) => new(code, messages[code.ToString(), arguments]);

    private Failure Fail(Refusal refusal) => Fail(refusal.Code, refusal.Arguments);

    public Failure Explain(Refusal refusal) => Fail(refusal);
}
