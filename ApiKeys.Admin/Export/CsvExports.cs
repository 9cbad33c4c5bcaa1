using System.Globalization;
using System.Text;
using ApiKeys.Admin.Components.Layout;
using ApiKeys.Admin.Components.Pages.Administration.AuditLog;
using ApiKeys.Admin.Localization;
using ApiKeys.Admin.Security;
using ApiKeys.Domain.Audit;
using ApiKeys.Domain.Keys;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace ApiKeys.Admin.Export;

/// <summary>
/// The keys list and the audit log as CSV files, filtered and sorted as on their pages (which link here with their
/// filters). UTF-8 with a byte order mark so that Excel reads Cyrillic right; the list separator Excel expects in the
/// page's language (";" in Russian, "," in English); times in the administrator's zone beside UTC. Administrators only.
/// </summary>
public static class CsvExports
{
    public const string KeysPath = "/administration/infrastructure/authentication-keys/export";
    public const string AuditPath = "/administration/audit-log/export";

    /// <summary>At most this many rows in one file.</summary>
    public const int MaxRows = 100_000;

    private const int Batch = 500;

    public static void MapCsvExports(this WebApplication app)
    {
        var exports = app.MapGroup("").RequireAuthorization(AdminAuthorization.Policy).ExcludeFromDescription();
        exports.MapGet(KeysPath, ExportKeysAsync);
        exports.MapGet(AuditPath, ExportAuditAsync);
    }

    /// <summary>The export of the keys list with these filters, as the page's address for it.</summary>
    public static string KeysLink(KeyQuery query) => Link(KeysPath, new()
    {
        ["search"] = query.Search, ["status"] = query.Status?.ToString(), ["attention"] = query.NeedsAttention ? "true" : null,
        ["unused"] = query.Unused ? "true" : null, ["account"] = query.Account, ["role"] = query.Role, ["replaced"] = query.Replaced ? "true" : null,
        ["sort"] = query.SortBy.ToString(), ["descending"] = query.Descending ? "true" : null,
    });

    /// <summary>The export of the audit log with these filters (days as yyyy-MM-dd, in the administrator's zone).</summary>
    public static string AuditLink(string? action, string? actor, string? target, DateTime? from, DateTime? to) => Link(AuditPath, new()
    {
        ["action"] = action, ["actor"] = actor, ["target"] = target,
        ["from"] = from?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ["to"] = to?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
    });

    private static async Task ExportKeysAsync(
        HttpContext http, IAuthenticationKeyService keys, IStringLocalizer<Texts> t, TimeProvider time,
        string? search, KeyStatus? status, bool? attention, bool? unused, string? account, string? role, bool? replaced, KeySort? sort, bool? descending)
    {
        var zone = BrowserTime.Of(BrowserTime.IdFrom(http));
        await using var csv = await StartAsync(http, $"authentication-keys-{zone.Local(time.GetUtcNow()):yyyy-MM-dd}.csv");
        var zoneLabel = zone.Label(CultureInfo.CurrentUICulture);
        await csv.RowAsync(t["Name"], t["Account"], t["Login"], t["Token"], t["Status"], $"{t["Created"]} ({zoneLabel})", t["CreatedBy"],
            $"{t["Expires"]} ({zoneLabel})", $"{t["LastUsed"]} ({zoneLabel})", t["Scopes"], t["Description"]);
        for (var page = 0; page * Batch < MaxRows; page++)
        {
            var rows = (await keys.QueryAsync(new KeyQuery(page, Batch, sort ?? KeySort.Expires, descending ?? false, search, status,
                attention ?? false, unused ?? false, account, role, replaced ?? false), http.RequestAborted)).Items;
            foreach (var key in rows)
            {
                await csv.RowAsync(key.Name, key.AccountDisplayName, key.AccountLogin, key.Token, t[$"Status_{key.Status}"], zone.DateAndTime(key.CreatedAt),
                    key.CreatedBy, zone.DateAndTime(key.ExpiresAt), key.LastUsedAt is { } used ? zone.DateAndTime(used) : "",
                    key.Scopes.Count == 0 ? t["AllApis"] : string.Join(", ", key.Scopes), key.Description);
            }

            if (rows.Count < Batch)
            {
                break;
            }
        }
    }

    private static async Task ExportAuditAsync(
        HttpContext http, AuditTrail audit, IAuthenticationKeyService keys, IStringLocalizer<Texts> t, TimeProvider time,
        string? action, string? actor, string? target, [FromQuery] string? from, [FromQuery] string? to)
    {
        var zone = BrowserTime.Of(BrowserTime.IdFrom(http));
        var sentences = new AuditSentences(t, zone);
        var query = new AuditQuery(Action: action, Actor: actor, Target: target, From: Day(zone, from), To: Day(zone, to)?.AddDays(1));
        await using var csv = await StartAsync(http, $"audit-log-{zone.Local(time.GetUtcNow()):yyyy-MM-dd}.csv");
        await csv.RowAsync($"{t["When"]} ({zone.Label(CultureInfo.CurrentUICulture)})", $"{t["When"]} (UTC)", t["Event"], t["Action"], t["Actor"],
            t["ClientAddress"], t["Target"], t["Details"]);
        var batch = new List<AuditEntry>(Batch);
        await foreach (var entry in audit.ReadAllAsync(query, MaxRows, http.RequestAborted))
        {
            batch.Add(entry);
            if (batch.Count == Batch)
            {
                await WriteAsync(batch);
            }
        }

        await WriteAsync(batch);

        async Task WriteAsync(List<AuditEntry> entries)
        {
            var names = await keys.NamesByTokenAsync(AuditSentences.Tokens(entries), http.RequestAborted);
            foreach (var entry in entries)
            {
                await csv.RowAsync(zone.DateAndTime(entry.At), entry.At.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                    sentences.Say(entry, names), sentences.ActionName(entry.Action), entry.Actor, entry.ClientAddress, entry.Target, entry.Details);
            }

            entries.Clear();
        }
    }

    /// <summary>A day the page sent (yyyy-MM-dd), as the instant it starts in the administrator's zone.</summary>
    private static DateTimeOffset? Day(BrowserTime zone, string? day) =>
        DateTime.TryParseExact(day, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed) ? zone.ToInstant(parsed, TimeSpan.Zero) : null;

    private static async Task<CsvFile> StartAsync(HttpContext http, string fileName)
    {
        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
        http.Response.Headers.CacheControl = "no-store";
        var file = new CsvFile(http.Response.Body, CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "ru" ? ';' : ',');
        await file.StartAsync();
        return file;
    }

    private static string Link(string path, Dictionary<string, string?> query) =>
        Microsoft.AspNetCore.WebUtilities.QueryHelpers.AddQueryString(path.TrimStart('/'), query.Where(p => !string.IsNullOrWhiteSpace(p.Value)));
}

/// <summary>
/// Rows of a CSV file (RFC 4180: fields quoted when they hold the separator, a quote or a line break), written as they
/// come. A field that a spreadsheet would run as a formula (=, +, -, @ first) gets a leading apostrophe.
/// </summary>
public sealed class CsvFile(Stream body, char separator) : IAsyncDisposable
{
    private readonly StreamWriter _writer = new(body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), 16 * 1024, leaveOpen: true) { NewLine = "\r\n" };

    public async Task StartAsync() => await _writer.FlushAsync(); // the byte order mark first

    public Task RowAsync(params object?[] fields) =>
        _writer.WriteLineAsync(string.Join(separator, fields.Select(f => Field(f?.ToString()))));

    public async ValueTask DisposeAsync()
    {
        await _writer.FlushAsync();
        await _writer.DisposeAsync();
    }

    private string Field(string? value)
    {
        value ??= "";
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }

        return value.IndexOfAny([separator, '"', '\r', '\n']) >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : value;
    }
}
