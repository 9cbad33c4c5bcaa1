using System.Linq.Expressions;

namespace ApiKeys.Domain.Keys;

/// <summary>The one place that says which status a key's expiry gives it, in memory and in queries alike.</summary>
public static class KeyStatuses
{
    public static KeyStatus Of(DateTimeOffset expiresAt, DateTimeOffset now, TimeSpan expiringSoonWindow) =>
        expiresAt <= now ? KeyStatus.Expired
        : expiresAt <= now + expiringSoonWindow ? KeyStatus.ExpiringSoon
        : KeyStatus.Active;

    public static Expression<Func<AuthenticationKey, bool>> Having(KeyStatus status, DateTimeOffset now, TimeSpan expiringSoonWindow)
    {
        var soon = now + expiringSoonWindow;
        return status switch
        {
            KeyStatus.Expired => key => key.ExpiresAt <= now,
            KeyStatus.ExpiringSoon => key => key.ExpiresAt > now && key.ExpiresAt <= soon,
            _ => key => key.ExpiresAt > soon,
        };
    }
}
