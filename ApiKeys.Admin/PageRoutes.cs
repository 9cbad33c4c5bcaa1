namespace ApiKeys.Admin;

/// <summary>Addresses of the admin pages, named once.</summary>
public static class PageRoutes
{
    public const string AuthenticationKeys = "administration/infrastructure/authentication-keys";

    /// <summary>One key's details: its properties, usage chart, audit trail and actions.</summary>
    public static string KeyDetails(Guid id) => $"{AuthenticationKeys}/{id}";
    public const string Accounts = "administration/accounts";
    public const string SystemRoles = "administration/system-roles";
    public const string AuditLog = "administration/audit-log";
}
