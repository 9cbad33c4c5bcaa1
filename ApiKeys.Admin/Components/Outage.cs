using ApiKeys.Admin.Components.Layout;
using ApiKeys.Admin.Localization;
using ApiKeys.Domain;
using ApiKeys.Domain.Storage;
using Microsoft.Extensions.Localization;

namespace ApiKeys.Admin.Components;

/// <summary>
/// The one place components meet an unreachable database: a change becomes an ordinary failure saying nothing was
/// saved, and a page's load tells the page's <see cref="DatabaseUnavailableAlert"/>, which retries until it is back.
/// </summary>
internal static class Outage
{
    /// <summary>Runs a change; when the database cannot be reached, a failure saying nothing was saved.</summary>
    public static async Task<Result<T>> SavingAsync<T>(Func<Task<Result<T>>> change, IStringLocalizer<Texts> texts)
    {
        try
        {
            return await change();
        }
        catch (Exception exception) when (DatabaseUnavailable.IsCause(exception))
        {
            return new Failure(FailureCode.DatabaseUnavailable, texts["NothingSavedDatabaseDown"]);
        }
    }

    /// <summary>
    /// Loads a page's data; null when the database cannot be reached, which the page's alert then says (and retries
    /// until it is back; the alert goes once a load works again).
    /// </summary>
    public static async Task<T?> LoadingAsync<T>(Func<Task<T>> load, DatabaseUnavailableAlert? alert)
        where T : class
    {
        try
        {
            var loaded = await load();
            alert?.Recovered();
            return loaded;
        }
        catch (Exception exception) when (DatabaseUnavailable.IsCause(exception))
        {
            alert?.Failed();
            return null;
        }
    }

    /// <summary>Whether an exception a page or the sign-in caught means the database could not be reached.</summary>
    public static bool IsCause(Exception exception) => DatabaseUnavailable.IsCause(exception);

    /// <summary>The text for an error a page caught: the outage's when the database is down, else the general one.</summary>
    public static string Describe(Exception exception, IStringLocalizer<Texts> texts) =>
        DatabaseUnavailable.IsCause(exception) ? texts["NothingSavedDatabaseDown"] : texts["ErrorText"];
}
