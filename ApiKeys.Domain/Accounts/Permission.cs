namespace ApiKeys.Domain.Accounts;

/// <summary>Permissions a system role can grant; each is a role claim of type <see cref="ClaimType"/>.</summary>
public static class Permission
{
    public const string ClaimType = "permission";

    /// <summary>«Вызовы API» / "API calls": the account may call the API with an authentication key.</summary>
    public const string ApiCalls = "ApiCalls";
}
