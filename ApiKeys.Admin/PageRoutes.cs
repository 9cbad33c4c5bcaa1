namespace ApiKeys.Admin;

/// <summary>Addresses of the admin pages, named once.</summary>
public static class PageRoutes
{
    public const string AuthenticationKeys = "administration/infrastructure/authentication-keys";
}
