using ApiKeys.Domain.Accounts;
using Microsoft.Extensions.Localization;

namespace ApiKeys.Admin.Localization;

/// <summary>An account's display name as the page shows it: the first administrator's default name in the page's language, any other as it was given.</summary>
public static class AccountNames
{
    public static string Shown(this IStringLocalizer texts, string displayName) =>
        displayName == AdministratorBootstrap.DefaultDisplayName ? texts["FirstAdministratorName"] : displayName;
}
