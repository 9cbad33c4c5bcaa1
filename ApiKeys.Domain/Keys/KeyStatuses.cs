using ApiKeys.Domain.Accounts;

namespace ApiKeys.Domain.Keys;

/// <summary>The one place that says which status a key has, in memory and in queries alike.</summary>
public static class KeyStatuses
{
    public static KeyStatus Of(DateTimeOffset expiresAt, bool accountEligible, DateTimeOffset now, TimeSpan expiringSoonWindow) =>
        expiresAt <= now ? KeyStatus.Expired
        : !accountEligible ? KeyStatus.AccountNotEligible
        : expiresAt <= now + expiringSoonWindow ? KeyStatus.ExpiringSoon
        : KeyStatus.Active;

    public static IQueryable<AuthenticationKey> Having(
        this IQueryable<AuthenticationKey> keys, KeyStatus status, IQueryable<Account> eligible, DateTimeOffset now, TimeSpan expiringSoonWindow)
    {
        var soon = now + expiringSoonWindow;
        return status switch
        {
            KeyStatus.Expired => keys.Where(k => k.ExpiresAt <= now),
            KeyStatus.AccountNotEligible => keys.Where(k => k.ExpiresAt > now && !eligible.Any(a => a.Id == k.AccountId)),
            KeyStatus.ExpiringSoon => keys.Where(k => k.ExpiresAt > now && k.ExpiresAt <= soon && eligible.Any(a => a.Id == k.AccountId)),
            _ => keys.Where(k => k.ExpiresAt > soon && eligible.Any(a => a.Id == k.AccountId)),
        };
    }
}
