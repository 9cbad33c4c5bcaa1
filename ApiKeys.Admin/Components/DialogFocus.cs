using Microsoft.JSInterop;

namespace ApiKeys.Admin.Components;

/// <summary>
/// Puts the focus on a dialog's first control (found by its data-testid): once when the dialog has rendered, and again
/// when it has finished opening (MudBlazor's dialog container takes the focus as it appears), unless the dialog has
/// been answered or the person has already moved to another of its controls (apiKeys.settleFocus in app.js).
/// </summary>
internal static class DialogFocus
{
    public static async Task SettleAsync(IJSRuntime js, string testId, Func<bool> closed)
    {
        await TryAsync(js, testId, closed);
        await Task.Delay(150);
        await TryAsync(js, testId, closed);
    }

    private static async Task TryAsync(IJSRuntime js, string testId, Func<bool> closed)
    {
        if (closed())
        {
            return;
        }

        try
        {
            await js.InvokeVoidAsync("apiKeys.settleFocus", testId);
        }
        catch (Exception exception) when (exception is JSException or JSDisconnectedException or TaskCanceledException or ObjectDisposedException or InvalidOperationException)
        {
            // The dialog closed or the circuit went away before the focus could move (or there is no browser, as in
            // component tests): nothing to focus.
        }
    }
}
