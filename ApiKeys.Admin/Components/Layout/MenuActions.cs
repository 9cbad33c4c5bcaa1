namespace ApiKeys.Admin.Components.Layout;

/// <summary>
/// Runs a menu item's action once its menu has closed: a MudMenu closes when the item's handler returns, and actions
/// that open a dialog and wait for its answer would keep the menu open over the dialog meanwhile.
/// </summary>
public static class MenuActions
{
    /// <summary>Starts <paramref name="action"/> after the menu's handler has returned; a failure goes to <paramref name="fail"/> (the page's own error handling).</summary>
    public static void AfterClose(Func<Task> action, Func<Exception, Task> fail) => _ = RunAsync(action, fail);

    private static async Task RunAsync(Func<Task> action, Func<Exception, Task> fail)
    {
        try
        {
            await Task.Yield();
            await action();
        }
        catch (Exception exception)
        {
            await fail(exception);
        }
    }
}
