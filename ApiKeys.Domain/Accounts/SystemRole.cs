using Microsoft.AspNetCore.Identity;

namespace ApiKeys.Domain.Accounts;

/// <summary>A system role: a named set of accounts holding permissions (stored as role claims).</summary>
public sealed class SystemRole : IdentityRole
{
    public const string Administrators = "System administrators";

    public bool IsBuiltIn { get; set; }
}
