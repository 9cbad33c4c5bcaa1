namespace ApiKeys.Domain.Storage;

/// <summary>
/// One line of the credential change log: what a change with this <see cref="CredentialVersion"/> value made stale.
/// Instances that missed the push read the lines after the version they last saw; old lines are pruned.
/// </summary>
public sealed class CredentialChangeEntry
{
    public long Version { get; set; }

    /// <summary><c>key</c>, <c>account</c> or <c>everything</c>.</summary>
    public string Scope { get; set; } = "";

    /// <summary>The token, the account id, or empty.</summary>
    public string Subject { get; set; } = "";
}
