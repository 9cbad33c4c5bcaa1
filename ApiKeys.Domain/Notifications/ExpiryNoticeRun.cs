namespace ApiKeys.Domain.Notifications;

/// <summary>
/// The day an expiry notice went out: its primary key lets exactly one instance claim a day, so several instances send
/// one notice, not one each.
/// </summary>
public sealed class ExpiryNoticeRun
{
    public DateOnly Day { get; set; }

    public DateTimeOffset SentAt { get; set; }
}
