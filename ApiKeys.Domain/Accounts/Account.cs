using Microsoft.AspNetCore.Identity;

namespace ApiKeys.Domain.Accounts;

/// <summary>A person or external system that signs in or calls the API; authentication keys are assigned to accounts.</summary>
public sealed class Account : IdentityUser
{
    public string DisplayName
    {
        get;
        set
        {
            field = value;
            NormalizedDisplayName = value.ToUpperInvariant();
        }
    } = "";

    /// <summary>Upper-case copy of <see cref="DisplayName"/> so every provider can search and sort it case-insensitively.</summary>
    public string NormalizedDisplayName { get; private set; } = "";

    public bool IsActive { get; set; } = true;

    /// <summary>Set for a generated first password: the account must choose its own before anything else.</summary>
    public bool MustChangePassword { get; set; }
}
