namespace ApiKeys.Domain.Keys;

/// <summary>What the keys list sorts by.</summary>
public enum KeySort
{
    Account,
    Name,
    Created,
    Expires,
}
