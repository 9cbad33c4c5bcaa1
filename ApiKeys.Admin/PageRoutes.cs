namespace ApiKeys.Admin;

/// <summary>Addresses of the admin pages, named once.</summary>
public static class PageRoutes
{
    public const string AuthenticationKeys = "administration/infrastructure/authentication-keys";
    public const string Accounts = "administration/accounts";
    public const string SystemRoles = "administration/system-roles";
    public const string AuditLog = "administration/audit-log";
}
