namespace ApiKeys.Domain.Storage;

/// <summary>
/// A single counter raised in the same transaction as every change to keys, accounts, roles or permissions, so each
/// instance's credential cache learns of changes made elsewhere by reading one row.
/// </summary>
public sealed class CredentialVersion
{
    public const int SingletonId = 1;

    public int Id { get; set; }

    public long Value { get; set; }
}
