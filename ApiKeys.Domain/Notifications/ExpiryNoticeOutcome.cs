namespace ApiKeys.Domain.Notifications;

/// <summary>What one attempt to send the expiry notice came to.</summary>
public enum ExpiryNoticeOutcome
{
    /// <summary>Sent to every administrator with an e-mail address.</summary>
    Sent,

    /// <summary>No key expires within the window: nothing to say.</summary>
    NothingExpiring,

    /// <summary>Keys expire, but no active System administrator has an e-mail address.</summary>
    NoRecipients,

    /// <summary>This day's notice was already sent (by this or another instance).</summary>
    AlreadySent,

    /// <summary>No SMTP server is configured (<c>Notifications:Smtp:Host</c>).</summary>
    NotConfigured,
}
