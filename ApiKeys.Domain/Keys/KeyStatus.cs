namespace ApiKeys.Domain.Keys;

/// <summary>Where a key stands on its way to expiry.</summary>
public enum KeyStatus
{
    Active,
    ExpiringSoon,
    Expired,
}
