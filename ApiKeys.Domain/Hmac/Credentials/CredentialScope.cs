namespace ApiKeys.Domain.Hmac;

/// <summary>What a <see cref="CredentialChange"/> is about: one key, one account, or everything.</summary>
public enum CredentialScope
{
    Key,
    Account,
    Everything,
}
