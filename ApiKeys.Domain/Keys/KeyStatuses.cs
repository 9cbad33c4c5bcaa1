using ApiKeys.Domain.Accounts;

namespace ApiKeys.Domain.Keys;

/// <summary>The one place that says which status a key has, in memory and in queries alike.</summary>
public static class KeyStatuses
{
    /// <summary>Disabled first (an administrator's choice, undone by Enable), then expired, then the account's standing.</summary>
    public static KeyStatus Of(DateTimeOffset expiresAt, bool accountEligible, bool disabled, DateTimeOffset now, TimeSpan expiringSoonWindow) =>
        disabled ? KeyStatus.Disabled
        : expiresAt <= now ? KeyStatus.Expired
        : !accountEligible ? KeyStatus.AccountNotEligible
        : expiresAt <= now + expiringSoonWindow ? KeyStatus.ExpiringSoon
        : KeyStatus.Active;

    public static IQueryable<AuthenticationKey> Having(
        this IQueryable<AuthenticationKey> keys, KeyStatus status, IQueryable<Account> eligible, DateTimeOffset now, TimeSpan expiringSoonWindow)
    {
        var soon = now + expiringSoonWindow;
        if (status == KeyStatus.Disabled)
        {
            return keys.Where(k => k.IsDisabled);
        }

        keys = keys.Where(k => !k.IsDisabled);
        return status switch
        {
            KeyStatus.Expired => keys.Where(k => k.ExpiresAt <= now),
            KeyStatus.AccountNotEligible => keys.Where(k => k.ExpiresAt > now && !eligible.Any(a => a.Id == k.AccountId)),
            KeyStatus.ExpiringSoon => keys.Where(k => k.ExpiresAt > now && k.ExpiresAt <= soon && eligible.Any(a => a.Id == k.AccountId)),
            _ => keys.Where(k => k.ExpiresAt > soon && eligible.Any(a => a.Id == k.AccountId)),
        };
    }
}
