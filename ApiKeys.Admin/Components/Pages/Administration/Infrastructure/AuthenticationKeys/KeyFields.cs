using ApiKeys.Domain;
using ApiKeys.Domain.Accounts;

namespace ApiKeys.Admin.Components.Pages.Administration.Infrastructure.AuthenticationKeys;

/// <summary>What the create and edit dialogs share about their fields.</summary>
internal static class KeyFields
{
    public static string Describe(AccountSummary? account) => account is null ? "" : $"{account.DisplayName} ({account.Login})";

    /// <summary>Shows a refusal of the name or the expiry beside its field; false when it is about neither.</summary>
    public static async Task<bool> ShowRefusalAsync(Failure failure, KeyNameFields naming, ExpiryField expiry)
    {
        switch (failure.Code)
        {
            case FailureCode.ExpiryNotInFuture or FailureCode.ExpiryBeyondMaximum:
                await expiry.ShowRefusalAsync(failure.Message);
                return true;
            case FailureCode.NameRequired or FailureCode.KeyNameTooLong or FailureCode.NameHasControlCharacters:
                await naming.ShowRefusalAsync(failure.Message);
                return true;
            default:
                return false;
        }
    }
}
