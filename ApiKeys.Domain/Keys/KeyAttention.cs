namespace ApiKeys.Domain.Keys;

/// <summary>
/// Keys that need an administrator soon: expiring within the "expiring soon" window, or expired but not deleted
/// (disabled keys are left out: someone has already acted on them).
/// </summary>
public sealed record KeyAttention(int ExpiringSoon, int Expired)
{
    public int Total => ExpiringSoon + Expired;
}
