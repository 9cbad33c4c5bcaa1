namespace ApiKeys.Admin;

/// <summary>Addresses of the admin pages, named once.</summary>
public static class PageRoutes
{
    public const string AuthenticationKeys = "administration/infrastructure/authentication-keys";

    /// <summary>One key's details: its properties, usage chart, audit trail and actions.</summary>
    public static string KeyDetails(Guid id) => $"{AuthenticationKeys}/{id}";

    /// <summary>Whether a request path is a key's details page.</summary>
    public static bool IsKeyDetails(string? path) =>
        path?.TrimStart('/') is { } relative && relative.StartsWith(AuthenticationKeys + "/", StringComparison.OrdinalIgnoreCase)
        && Guid.TryParse(relative.AsSpan(AuthenticationKeys.Length + 1), out _);

    /// <summary>The keys list showing only this account's keys.</summary>
    public static string KeysOfAccount(string login) => $"{AuthenticationKeys}?account={Uri.EscapeDataString(login)}";

    /// <summary>The keys list showing only the keys of this system role's members.</summary>
    public static string KeysOfRole(string role) => $"{AuthenticationKeys}?role={Uri.EscapeDataString(role)}";

    public const string Accounts = "administration/accounts";
    public const string SystemRoles = "administration/system-roles";
    public const string AuditLog = "administration/audit-log";
    public const string ApiRoutes = "administration/infrastructure/api-routes";
}
