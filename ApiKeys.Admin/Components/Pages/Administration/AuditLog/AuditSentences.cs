using System.Globalization;
using System.Text.RegularExpressions;
using ApiKeys.Admin.Components.Layout;
using ApiKeys.Admin.Localization;
using ApiKeys.Domain.Audit;
using Microsoft.Extensions.Localization;

namespace ApiKeys.Admin.Components.Pages.Administration.AuditLog;

/// <summary>
/// An audit entry as a sentence in the page's language: the key by its name (when the key still exists or the entry
/// names it), accounts and roles by name, instants in the administrator's time zone, refusals by their reason. The
/// entries keep what the services wrote (English details, UTC instants: what logs, the CSV and the API read); this
/// reads those details back by the formats the services write, and shows what it does not recognise as written.
/// </summary>
public sealed partial class AuditSentences(IStringLocalizer<Texts> t, BrowserTime zone)
{
    /// <summary>The groups of the action filter, each with its actions; a group is filtered as its prefix.</summary>
    public static readonly IReadOnlyList<(string Group, IReadOnlyList<string> Actions)> Groups =
    [
        ("key.", AuditAction.All.Where(a => a.StartsWith("key.", StringComparison.Ordinal)).ToList()),
        ("account.", AuditAction.All.Where(a => a.StartsWith("account.", StringComparison.Ordinal)).ToList()),
        ("role.", AuditAction.All.Where(a => a.StartsWith("role.", StringComparison.Ordinal)).ToList()),
        ("sign-", AuditAction.All.Where(a => a.StartsWith("sign-", StringComparison.Ordinal)).ToList()),
        ("api.", AuditAction.All.Where(a => a.StartsWith("api.", StringComparison.Ordinal)).ToList()),
        ("notice.", AuditAction.All.Where(a => a.StartsWith("notice.", StringComparison.Ordinal)).ToList()),
    ];

    /// <summary>The action's name in the page's language.</summary>
    public string ActionName(string action) => Text($"AuditAction_{action}", action);

    /// <summary>The group's name in the page's language (its prefix, such as <c>key.</c>).</summary>
    public string GroupName(string prefix) => Text($"AuditGroup_{prefix}", prefix);

    /// <summary>The entry as a sentence; <paramref name="keyNames"/> gives the names of the keys the page's entries name, by token.</summary>
    public string Say(AuditEntry entry, IReadOnlyDictionary<string, string> keyNames)
    {
        var details = entry.Details ?? "";
        var (token, login) = KeyTarget().Match(entry.Target) is { Success: true } key ? (key.Groups["token"].Value, key.Groups["login"].Value) : ("", "");
        var named = Named().Match(details) is { Success: true } name ? name.Groups["name"].Value : null;
        var keyLabel = token.Length == 0 ? entry.Target
            : (keyNames.TryGetValue(token, out var known) ? known : named) is { } keyName ? $"«{keyName}» ({login})"
            : $"{Infrastructure.AuthenticationKeys.AuthenticationKeysPage.ShortToken(token)} ({login})";
        var said = entry.Action switch
        {
            AuditAction.KeyCreated => Replaces().Match(details) is { Success: true } roll
                ? t["Audit_key.created.rolled", keyLabel, When(details), Infrastructure.AuthenticationKeys.AuthenticationKeysPage.ShortToken(roll.Groups["token"].Value)]
                : t["Audit_key.created", keyLabel, When(details)],
            AuditAction.KeyRolled => t["Audit_key.rolled", keyLabel, When(details)],
            AuditAction.KeyExpiryChanged or AuditAction.KeyScopesChanged or AuditAction.KeyLimitsChanged when FromTo().Match(details) is { Success: true } change =>
                t[$"Audit_{entry.Action}", keyLabel, Value(change.Groups["from"].Value), Value(change.Groups["to"].Value)],
            AuditAction.KeyRenamed => t["Audit_key.renamed", $"{Infrastructure.AuthenticationKeys.AuthenticationKeysPage.ShortToken(token)} ({login})", details],
            AuditAction.KeyDisabled or AuditAction.KeyEnabled or AuditAction.KeyDeleted => t[$"Audit_{entry.Action}", keyLabel],
            AuditAction.AccountCreated => t["Audit_account.created", entry.Target, named ?? ""],
            AuditAction.AccountAddedToRole or AuditAction.AccountRemovedFromRole => t[$"Audit_{entry.Action}", entry.Target, RoleName(named ?? "")],
            AuditAction.AccountEmailChanged => details == "removed" ? t["Audit_account.email-removed", entry.Target] : t["Audit_account.email-changed", entry.Target, named ?? details],
            AuditAction.RoleCreated => t[details.Length > 0 ? "Audit_role.created.api-calls" : "Audit_role.created", entry.Target],
            AuditAction.RoleRenamed => t["Audit_role.renamed", named ?? "", entry.Target],
            AuditAction.SignInFailed => t["Audit_sign-in.failed", entry.Target, Text($"AuditSignIn_{details}", details)],
            AuditAction.ApiAuthenticationFailed => Refusal(entry.Target, details, keyNames),
            AuditAction.ApiAuthenticationFailuresSuppressed => t["Audit_api.authentication-failures-suppressed", Count().Match(details) is { Success: true } n ? n.Value : details],
            AuditAction.ExpiryNoticeSent when NoticeSent().Match(details) is { Success: true } sent =>
                t["Audit_notice.expiry-sent", t.Plural("KeyCount", long.Parse(sent.Groups["count"].Value, CultureInfo.InvariantCulture)).ToString(), sent.Groups["to"].Value],
            AuditAction.AdministratorBootstrapped => t[details.StartsWith("generated", StringComparison.Ordinal) ? "Audit_account.bootstrap-generated" : "Audit_account.bootstrap-configured", entry.Target],
            _ => Text($"Audit_{entry.Action}", null) is { } sentence ? string.Format(CultureInfo.CurrentCulture, sentence, entry.Target) : $"{entry.Action}: {entry.Target}",
        };
        return said;
    }

    /// <summary>The tokens the entries name (in their targets and in refused calls' details), to look their keys' names up at once.</summary>
    public static IReadOnlyCollection<string> Tokens(IEnumerable<AuditEntry> entries) =>
        entries.SelectMany(e => new[] { KeyTarget().Match(e.Target), RefusalDetails().Match(e.Details ?? "") })
            .Select(m => m.Groups["token"].Success ? m.Groups["token"].Value : m.Groups["key"].Success ? m.Groups["key"].Value : null)
            .OfType<string>().ToHashSet(StringComparer.Ordinal);

    private string Refusal(string call, string details, IReadOnlyDictionary<string, string> keyNames)
    {
        var match = RefusalDetails().Match(details);
        var slug = match.Success ? match.Groups["slug"].Value : details;
        var reason = Text($"Refusal_{slug}", slug);
        if (match.Success && match.Groups["key"].Success)
        {
            var token = match.Groups["key"].Value;
            var key = keyNames.TryGetValue(token, out var name) ? $"«{name}»" : Infrastructure.AuthenticationKeys.AuthenticationKeysPage.ShortToken(token);
            return t["Audit_api.authentication-failed.key", call, reason, key];
        }

        return t["Audit_api.authentication-failed", call, reason];
    }

    private string RoleName(string role) => role == Domain.Accounts.SystemRole.Administrators ? t["SystemAdministrators"] : role;

    /// <summary>The instant after "expires" or "works until" in the details, in the administrator's zone.</summary>
    private string When(string details) => Instant().Match(details) is { Success: true } at ? Local(at.Value) : "—";

    /// <summary>A "from"/"to" value: an instant in local time, "all APIs" or "none" in the page's language, else as written.</summary>
    private string Value(string value) => value switch
    {
        "all APIs" => t["AllApis"],
        "none" => t["NoLimits"],
        _ when Instant().Match(value) is { Success: true } at && at.Length == value.Length => Local(value),
        _ => value,
    };

    private string Local(string instant) =>
        DateTimeOffset.TryParse(instant, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
            ? $"{zone.DateAndTime(at)} {zone.ShortName(CultureInfo.CurrentUICulture, at)}"
            : instant;

    /// <summary>The text under the key, or <paramref name="fallback"/> when the resources have none.</summary>
    private string Text(string key, string? fallback) => t[key] is { ResourceNotFound: false } found ? found.Value : fallback!;

    [GeneratedRegex(@"^(?<token>[0-9a-f]{16,64}) \((?<login>.*)\)$")]
    private static partial Regex KeyTarget();

    [GeneratedRegex("«(?<name>[^»]*)»")]
    private static partial Regex Named();

    [GeneratedRegex(@"replaces (?<token>[0-9a-f]{16,64})")]
    private static partial Regex Replaces();

    [GeneratedRegex(@"^from (?<from>.+) to (?<to>.+)$")]
    private static partial Regex FromTo();

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}Z")]
    private static partial Regex Instant();

    [GeneratedRegex(@"^(?<slug>[a-z-]+)(, key (?<key>[0-9a-f]{8,64}))?$")]
    private static partial Regex RefusalDetails();

    [GeneratedRegex(@"^\d+")]
    private static partial Regex Count();

    [GeneratedRegex(@"^(?<count>\d+) key\(s\) to (?<to>.*)$")]
    private static partial Regex NoticeSent();
}
