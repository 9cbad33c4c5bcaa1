using ApiKeys.Admin.Localization;
using ApiKeys.Domain.Keys;
using ApiKeys.Domain.Storage;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace ApiKeys.Admin.Components.Pages.Administration.Infrastructure.AuthenticationKeys;

/// <summary>
/// What the keys page and a key's details do to keys, with the same dialogs, confirmations and messages; each returns
/// whether anything changed, so the caller can show the keys again.
/// </summary>
internal sealed class KeyActions(IAuthenticationKeyService keys, IDialogService dialogs, ISnackbar snackbar, IStringLocalizer<Texts> T)
{
    public static DialogOptions DialogOptions() => new() { MaxWidth = MaxWidth.Small, FullWidth = true, CloseButton = true };

    /// <summary>A new key's properties, its secret shown this once.</summary>
    public async Task ShowCreatedAsync(CreatedKey created)
    {
        var properties = new DialogParameters<KeyPropertiesDialog> { { d => d.Created, created } };
        var shown = await dialogs.ShowAsync<KeyPropertiesDialog>(T["KeyPropertiesTitle"], properties,
            DialogOptions() with { BackdropClick = false, CloseOnEscapeKey = false });
        await shown.Result;
    }

    /// <summary>The key's dialog: its name, description and expiry, and Roll; a rolled key's successor is shown as after Save.</summary>
    public async Task<bool> EditAsync(AuthenticationKeyRow key)
    {
        var parameters = new DialogParameters<AuthenticationKeyDialog> { { d => d.Key, key } };
        var dialog = await dialogs.ShowAsync<AuthenticationKeyDialog>(T["EditKeyTitle"], parameters, DialogOptions());
        var result = await dialog.Result;
        if (result is { Canceled: false, Data: AuthenticationKeyRow changed })
        {
            snackbar.Add(changed.ExpiresAt != key.ExpiresAt
                ? T["ExpiryChanged", changed.AccountDisplayName, changed.ExpiresAt.UtcDateTime]
                : T["KeySaved", changed.Name], Severity.Success);
        }

        if (result is { Canceled: false, Data: CreatedKey rolled })
        {
            snackbar.Add(T["KeyRolled", rolled.Key.Name], Severity.Success);
            await ShowCreatedAsync(rolled);
        }

        return result is { Canceled: false };
    }

    /// <summary>Disables or enables the keys that are not so already, after a confirmation naming them.</summary>
    public async Task<bool> SetDisabledAsync(IEnumerable<AuthenticationKeyRow> selected, bool disabled)
    {
        var chosen = selected.Where(k => (k.Status == KeyStatus.Disabled) != disabled).ToList();
        if (chosen.Count == 0)
        {
            return false;
        }

        var named = string.Join(", ", chosen.Select(k => $"{k.Token[..8]}… ({k.AccountLogin})"));
        var confirmed = await dialogs.ShowMessageBoxAsync(new MessageBoxOptions
        {
            Title = T[disabled ? "ConfirmDisableTitle" : "ConfirmEnableTitle"],
            Message = T[disabled ? "ConfirmDisableKeys" : "ConfirmEnableKeys", named],
            YesText = T[disabled ? "Disable" : "Enable"],
            CancelText = T["Cancel"],
        });
        if (confirmed != true || await SavedAsync(() => keys.SetDisabledAsync([.. chosen.Select(k => k.Id)], disabled, CancellationToken.None)) is not { } changed)
        {
            return false;
        }

        snackbar.Add(T[disabled ? "KeysDisabled" : "KeysEnabled", changed], Severity.Success);
        return true;
    }

    /// <summary>Deletes the keys after a confirmation naming their accounts, which lose HMAC access with them.</summary>
    public async Task<bool> DeleteAsync(IEnumerable<AuthenticationKeyRow> selected)
    {
        var chosen = selected.ToList();
        if (chosen.Count == 0)
        {
            return false;
        }

        var accounts = string.Join(", ", chosen.Select(k => $"{k.AccountDisplayName} ({k.AccountLogin})").Distinct());
        var confirmed = await dialogs.ShowMessageBoxAsync(new MessageBoxOptions
        {
            Title = T["ConfirmDeleteTitle"],
            MarkupMessage = (MarkupString)$"<p>{Encode(T.Plural("ConfirmDeleteKeys", chosen.Count))}</p><p class=\"mt-2\">{Encode(T["ConfirmDeleteAccounts", accounts])}</p>",
            YesText = T["Delete"],
            CancelText = T["Cancel"],
        });
        if (confirmed != true || await SavedAsync(() => keys.DeleteAsync([.. chosen.Select(k => k.Id)], CancellationToken.None)) is not { } deleted)
        {
            return false;
        }

        snackbar.Add(T.Plural("Deleted", deleted), Severity.Success);
        if (deleted < chosen.Count)
        {
            snackbar.Add(T["AlreadyDeleted", chosen.Count - deleted], Severity.Info);
        }

        return true;
    }

    /// <summary>Runs a change; says so and returns null when it failed or the database is down.</summary>
    private async Task<int?> SavedAsync(Func<Task<Result<int>>> change)
    {
        Result<int> result;
        try
        {
            result = await change();
        }
        catch (Exception exception) when (DatabaseUnavailable.IsCause(exception))
        {
            snackbar.Add(T["NothingSavedDatabaseDown"], Severity.Error);
            return null;
        }

        if (result.Failure is { } failure)
        {
            snackbar.Add(failure.Message, Severity.Error);
            return null;
        }

        return result.Value;
    }

    private static string Encode(string text) => System.Net.WebUtility.HtmlEncode(text);
}
