using System.CommandLine;
using System.Globalization;
using ApiKeys.Domain.Keys;
using ApiKeys.Domain.Limits;
using ApiKeys.Domain.Usage;

namespace ApiKeys.Admin.CommandLine;

/// <summary><c>keys show</c>: one key's properties, its calls per day and its audit trail, as the details view shows them.</summary>
internal static class KeyShowCommand
{
    public static Command Create(CommandLineSession session)
    {
        var token = new Argument<string>("token") { Description = "The key's token" };
        var days = new Option<int>("--days") { Description = $"How many days of calls to show, 1 to {KeyUsageReport.MaxDays}", DefaultValueFactory = _ => 30 };
        days.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() is < 1 or > KeyUsageReport.MaxDays)
            {
                result.AddError($"--days must be between 1 and {KeyUsageReport.MaxDays} (the usage kept).");
            }
        });
        var json = KeyCommands.JsonFlag();
        var command = new Command("show", "Shows a key (never its secret): its properties, calls accepted and refused per day, and its audit trail.") { token, days, json };
        command.SetAction((parsed, cancellation) => session.RunAsync(async (services, cancellationToken) =>
        {
            var keys = services.GetRequiredService<IAuthenticationKeyService>();
            var found = await keys.FindByTokenAsync(parsed.GetRequiredValue(token), cancellationToken);
            if (found is null || await keys.DetailsAsync(found.Id, parsed.GetValue(days), TimeZoneInfo.Utc, cancellationToken) is not { } details)
            {
                return await session.RefuseAsync($"No key has the token {parsed.GetRequiredValue(token)}.");
            }

            return parsed.GetValue(json) ? await session.WriteJsonAsync(Api.Contracts.KeyDetailsResponse.From(details)) : await WriteAsync(session, details);
        }, cancellation));
        return command;
    }

    private static async Task<int> WriteAsync(CommandLineSession session, KeyDetails details)
    {
        var (key, usage) = (details.Key, details.Usage);
        var output = session.Output;
        await output.WriteLineAsync($"""
            Name:         {key.Name}
            Description:  {key.Description}
            Account:      {key.AccountDisplayName} ({key.AccountLogin})
            Token:        {key.Token}
            Status:       {key.Status}
            Created:      {key.CreatedAt:u} by {key.CreatedBy}
            Expires:      {key.ExpiresAt:u}
            Scopes:       {(key.Scopes.Count == 0 ? "all APIs" : string.Join(", ", key.Scopes))}
            Allowed from: {(key.Limits is { AllowFrom.Count: > 0 } l ? string.Join(", ", l.AllowFrom) : "anywhere")}
            Rate limit:   {(key.Limits?.Rate is { } rate ? rate.ToString() : "none")}
            Quota:        {(key.Limits?.Quota is { } quota ? $"{quota.Calls} calls{(quota.Refill == QuotaRefill.Never ? "" : $" {Quota.RefillName(quota.Refill)}")}, {key.QuotaLeft} left" : "none")}
            Last used:    {(usage.LastUsedAt is { } used ? used.ToString("u", CultureInfo.InvariantCulture) : "never")}{(usage.LastClientAddress is null ? "" : $" from {usage.LastClientAddress}")}
            Client:       {usage.LastUserAgent}
            Calls in the last {usage.Days.Count} days (UTC): {usage.Accepted} accepted, {usage.Refused} refused{RefusedBy(usage.Reasons, usage.Refused)}
            """);
        foreach (var day in usage.Days.Where(d => d.Accepted + d.Refused > 0))
        {
            await output.WriteLineAsync($"  {day.Day:yyyy-MM-dd}  {day.Accepted,10} accepted  {day.Refused,10} refused{RefusedBy(day.Reasons, day.Refused)}");
        }

        await output.WriteLineAsync("Audit trail (newest first):");
        foreach (var entry in details.Trail)
        {
            await output.WriteLineAsync($"  {entry.At:u}  {entry.Action,-20}  {entry.Actor}  {entry.Details}");
        }

        return 0;
    }

    /// <summary>The refused calls' reasons, those that happened: " (signature 2, rate 5)".</summary>
    private static string RefusedBy(RefusalCounts reasons, long refused)
    {
        var parts = new (string Reason, long Count)[]
        {
            ("signature", reasons.Signature), ("replay", reasons.Replay), ("scope", reasons.Scope), ("address", reasons.Address),
            ("rate", reasons.Rate), ("quota", reasons.Quota), ("other", reasons.Other(refused)),
        }.Where(p => p.Count > 0).Select(p => $"{p.Reason} {p.Count}").ToList();
        return parts.Count == 0 ? "" : $" ({string.Join(", ", parts)})";
    }
}
