using ApiKeys.Admin.Components.Layout;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.JSInterop;
using MudBlazor;

namespace ApiKeys.Admin.Components.Pages.Administration.Infrastructure.AuthenticationKeys;

/// <summary>
/// What the key dialogs share: the focus on their first field once open, Escape that closes an open list before the
/// dialog (MudDialog passes no key events on, so each dialog wraps its fields in an element handling <see cref="OnKeyDown"/>),
/// and the browser's time zone.
/// </summary>
public abstract class KeyDialogBase : ComponentBase, IDisposable
{
    [CascadingParameter]
    protected IMudDialogInstance MudDialog { get; set; } = null!;

    /// <summary>The browser's time zone: days and times are shown and read in it (UTC in component tests).</summary>
    [CascadingParameter]
    private BrowserTime? LocalTime { get; set; }

    [Inject]
    private IJSRuntime JS { get; set; } = null!;

    protected BrowserTime Zone => LocalTime ?? BrowserTime.Utc;

    /// <summary>The data-testid of the field the focus starts in.</summary>
    protected abstract string FirstField { get; }

    private bool _closed;
    private bool _listOpen;
    private long _listClosedAt;

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            await DialogFocus.SettleAsync(JS, FirstField, () => _closed);
        }
    }

    /// <summary>For every list in the dialog (an autocomplete's, a select's): whether one is open decides what Escape does.</summary>
    protected void ListOpenChanged(bool open)
    {
        _listOpen = open;
        _listClosedAt = open ? 0 : Environment.TickCount64;
    }

    /// <summary>Escape closes an open list and leaves the dialog; with no list open (or one just closed by it) it cancels.</summary>
    protected void OnKeyDown(KeyboardEventArgs key)
    {
        if (key.Key == "Escape" && !_listOpen && Environment.TickCount64 - _listClosedAt > 300)
        {
            MudDialog.Cancel();
        }
    }

    public void Dispose()
    {
        _closed = true;
        GC.SuppressFinalize(this);
    }
}
