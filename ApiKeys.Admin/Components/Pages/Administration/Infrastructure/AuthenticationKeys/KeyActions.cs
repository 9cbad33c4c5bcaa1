using ApiKeys.Admin.Components.Layout;
using ApiKeys.Admin.Localization;
using ApiKeys.Domain;
using ApiKeys.Domain.Keys;
using Microsoft.Extensions.Localization;
using MudBlazor;

namespace ApiKeys.Admin.Components.Pages.Administration.Infrastructure.AuthenticationKeys;

/// <summary>
/// What the keys page and a key's details do to keys, with the same dialogs, confirmations and messages; each returns
/// whether anything changed, so the caller can show the keys again.
/// </summary>
internal sealed class KeyActions(IAuthenticationKeyService keys, IDialogService dialogs, ISnackbar snackbar, IStringLocalizer<Texts> T, BrowserTime zone)
{
    public static DialogOptions DialogOptions() => new() { MaxWidth = MaxWidth.Small, FullWidth = true, CloseButton = true };

    /// <summary>The key's dialog handles Escape itself: it closes an open list first, and the dialog only after.</summary>
    public static DialogOptions KeyDialogOptions() => DialogOptions() with { CloseOnEscapeKey = false };

    /// <summary>A new key's properties, its secret shown this once.</summary>
    public async Task ShowCreatedAsync(CreatedKey created)
    {
        var properties = new DialogParameters<KeyPropertiesDialog> { { d => d.Created, created } };
        var shown = await dialogs.ShowAsync<KeyPropertiesDialog>(T["KeyPropertiesTitle"], properties,
            DialogOptions() with { BackdropClick = false, CloseOnEscapeKey = false });
        await shown.Result;
    }

    /// <summary>The create dialog; Save shows the new key's token and secret.</summary>
    public async Task<bool> CreateAsync()
    {
        var dialog = await dialogs.ShowAsync<CreateKeyDialog>(T["CreateKeyTitle"], KeyDialogOptions());
        if (await dialog.Result is not { Canceled: false, Data: CreatedKey created })
        {
            return false;
        }

        await ShowCreatedAsync(created);
        return true;
    }

    /// <summary>The key's dialog: its name, description and expiry; Roll there opens the roll dialog.</summary>
    public async Task<bool> EditAsync(AuthenticationKeyRow key)
    {
        var parameters = new DialogParameters<EditKeyDialog> { { d => d.Key, key } };
        var dialog = await dialogs.ShowAsync<EditKeyDialog>(T["EditKeyTitle"], parameters, KeyDialogOptions());
        var result = await dialog.Result;
        if (result is { Canceled: false, Data: AuthenticationKeyRow changed })
        {
            snackbar.Add(changed.ExpiresAt != key.ExpiresAt
                ? T["ExpiryChanged", changed.AccountDisplayName, zone.Local(changed.ExpiresAt)]
                : T["KeySaved", changed.Name], Severity.Success);
        }

        if (result is { Canceled: false, Data: var chosen } && chosen == EditKeyDialog.RollChosen)
        {
            return await RollAsync(key);
        }

        return result is { Canceled: false };
    }

    /// <summary>The roll dialog: the grace, then the successor's token and secret as after Save.</summary>
    public async Task<bool> RollAsync(AuthenticationKeyRow key)
    {
        var parameters = new DialogParameters<RollKeyDialog> { { d => d.Key, key } };
        var dialog = await dialogs.ShowAsync<RollKeyDialog>(T["RollKeyTitle"], parameters, KeyDialogOptions());
        var result = await dialog.Result;
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

        var confirmed = await ConfirmAsync(T.Plural(disabled ? "ConfirmDisableTitle" : "ConfirmEnableTitle", chosen.Count), chosen,
            T.Plural(disabled ? "ConfirmDisableQuestion" : "ConfirmEnableQuestion", chosen.Count), T.Plural(disabled ? "ConfirmDisableWarning" : "ConfirmEnableWarning", chosen.Count),
            T[disabled ? "Disable" : "Enable"], danger: disabled);
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
        var confirmed = await ConfirmAsync(T.Plural("ConfirmDeleteTitle", chosen.Count), chosen, T.Plural("ConfirmDeleteKeys", chosen.Count),
            T.Plural("ConfirmDeleteAccounts", chosen.Count, accounts), T["Delete"], danger: true);
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

    /// <summary>Asks, naming every key; true only when confirmed. The focus starts on Cancel.</summary>
    private async Task<bool> ConfirmAsync(string title, IReadOnlyList<AuthenticationKeyRow> chosen, string question, string warning, string confirm, bool danger)
    {
        var parameters = new DialogParameters<ConfirmKeysDialog>
        {
            { d => d.Question, question }, { d => d.Keys, chosen }, { d => d.Warning, warning }, { d => d.ConfirmText, confirm }, { d => d.Danger, danger },
        };
        var dialog = await dialogs.ShowAsync<ConfirmKeysDialog>(title, parameters,
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, CloseButton = false, DefaultFocus = DefaultFocus.None });
        return await dialog.Result is { Canceled: false };
    }

    /// <summary>Runs a change; says why and returns null when it failed or the database is down.</summary>
    private async Task<int?> SavedAsync(Func<Task<Result<int>>> change)
    {
        var result = await Outage.SavingAsync(change, T);
        if (result.Failure is { } failure)
        {
            snackbar.Add(failure.Message, Severity.Error);
            return null;
        }

        return result.Value;
    }
}
