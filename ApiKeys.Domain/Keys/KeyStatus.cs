namespace ApiKeys.Domain.Keys;

/// <summary>Where a key stands: on its way to expiry, or unusable because its account may no longer call the API.</summary>
public enum KeyStatus
{
    Active,
    ExpiringSoon,
    Expired,
    AccountNotEligible,
    Disabled,
}
