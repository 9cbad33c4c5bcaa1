using System.CommandLine;
using System.Globalization;
using ApiKeys.Domain.Keys;
using ApiKeys.Domain.Limits;

namespace ApiKeys.Admin.CommandLine;

/// <summary><c>keys create | list | show | set-expiry | rename | roll | disable | enable | delete</c>, through <see cref="IAuthenticationKeyService"/>.</summary>
internal static class KeyCommands
{
    public static Command Create(CommandLineSession session) =>
        new("keys", "Authentication keys: issue, list, show, re-date, rename, scope, limit, roll, disable, enable and delete them.")
        {
            CreateKey(session), List(session), KeyShowCommand.Create(session), SetExpiry(session), Rename(session), SetScopes(session), SetLimits(session), Roll(session),
            SetDisabled(session, disabled: true), SetDisabled(session, disabled: false), Delete(session),
        };

    private static Command CreateKey(CommandLineSession session)
    {
        var account = new Option<string>("--account") { Description = "Login of the account the key is for", Required = true };
        var expires = Expires();
        var name = NameOption(required: false);
        var description = DescriptionOption();
        var scopes = ScopeOption();
        var json = JsonFlag();
        var limits = new KeyLimitOptions();
        var command = new Command("create", "Issues a key and shows its token and secret, the secret only this once.") { account, expires, name, description, scopes, json };
        limits.AddTo(command);
        command.SetAction((parsed, cancellation) => session.RunAsync(async (services, cancellationToken) =>
        {
            var created = await services.GetRequiredService<IAuthenticationKeyService>().CreateAsync(
                new KeyDraft(parsed.GetRequiredValue(account), parsed.GetRequiredValue(expires), parsed.GetValue(name), parsed.GetValue(description), parsed.GetValue(scopes),
                    limits.AnyGiven(parsed) ? limits.Read(parsed) : null),
                cancellationToken);
            return await session.ReportAsync(created, key => ShowCreatedAsync(session, key, parsed.GetValue(json)));
        }, cancellation));
        return command;
    }

    private static Command List(CommandLineSession session)
    {
        var search = new Option<string?>("--search") { Description = "Only keys whose account (login or display name) or token holds this text" };
        var status = new Option<KeyStatus?>("--status") { Description = "Only keys in this status" };
        var attention = new Option<bool>("--needs-attention") { Description = "Only keys that expire soon or have expired (not disabled ones)" };
        var unused = new Option<bool>("--unused") { Description = "Only keys unused for 90 days (never used and made that long ago, or last used that long ago)" };
        var json = JsonFlag();
        var command = new Command("list", "Lists the keys (never their secrets), newest first.") { search, status, attention, unused, json };
        command.SetAction((parsed, cancellation) => session.RunAsync(async (services, cancellationToken) =>
        {
            var keys = await AllAsync(services.GetRequiredService<IAuthenticationKeyService>(), parsed.GetValue(search), parsed.GetValue(status), parsed.GetValue(attention), parsed.GetValue(unused), cancellationToken);
            if (parsed.GetValue(json))
            {
                return await session.WriteJsonAsync(keys.Select(k => new
                {
                    k.Id, k.Name, k.Description, k.Token, Account = k.AccountLogin, k.AccountDisplayName, k.CreatedAt, k.CreatedBy, k.ExpiresAt, k.LastUsedAt, k.Status, k.Scopes,
                }));
            }

            foreach (var key in keys)
            {
                await session.Output.WriteLineAsync($"{key.Token}  {key.Name,-32}  {key.AccountLogin,-24}  expires {key.ExpiresAt:yyyy-MM-dd}  {key.Status}");
            }

            return await session.SayAsync($"{keys.Count} key(s).");
        }, cancellation));
        return command;
    }

    private static Command SetExpiry(CommandLineSession session)
    {
        var token = new Argument<string>("token") { Description = "The key's token" };
        var expires = Expires();
        var command = new Command("set-expiry", "Changes a key's expiry; nothing else about a key can change.") { token, expires };
        command.SetAction((parsed, cancellation) => session.RunAsync(async (services, cancellationToken) =>
        {
            var keys = services.GetRequiredService<IAuthenticationKeyService>();
            if (await keys.FindByTokenAsync(parsed.GetRequiredValue(token), cancellationToken) is not { } key)
            {
                return await NoSuchKeyAsync(session, parsed.GetRequiredValue(token));
            }

            var changed = await keys.UpdateAsync(key.Id, KeyUpdate.Expiry(parsed.GetRequiredValue(expires)), key.Version, cancellationToken);
            return await session.ReportAsync(changed, saved => $"The key {key.Token} of {key.AccountLogin} now expires on {saved.ExpiresAt:u}.");
        }, cancellation));
        return command;
    }

    private static Command Roll(CommandLineSession session)
    {
        var token = new Argument<string>("token") { Description = "The key's token" };
        var grace = new Option<TimeSpan>("--grace")
        {
            Description = "How long the old key keeps working: 0, 1h, 24h, 7d or 30d (its expiry never gets later)",
            Required = true,
            CustomParser = result =>
            {
                var text = result.Tokens.Single().Value;
                if (KeyRolls.Parse(text) is { } grace)
                {
                    return grace;
                }

                result.AddError($"--grace must be one of {string.Join(", ", KeyRolls.Graces.Select(KeyRolls.Word))} (hours or days: 24h and 1d alike); got '{text}'.");
                return TimeSpan.Zero;
            },
        };
        var json = JsonFlag();
        var command = new Command("roll", "Replaces a key by a new one for the same account, name and expiry; the old one works on for the grace.") { token, grace, json };
        command.SetAction((parsed, cancellation) => session.RunAsync(async (services, cancellationToken) =>
        {
            var keys = services.GetRequiredService<IAuthenticationKeyService>();
            if (await keys.FindByTokenAsync(parsed.GetRequiredValue(token), cancellationToken) is not { } key)
            {
                return await NoSuchKeyAsync(session, parsed.GetRequiredValue(token));
            }

            var rolled = await keys.RollAsync(key.Id, parsed.GetRequiredValue(grace), key.Version, cancellationToken);
            return await session.ReportAsync(rolled, successor => ShowCreatedAsync(session, successor, parsed.GetValue(json)));
        }, cancellation));
        return command;
    }

    /// <summary>A new key's token and secret (the secret's only showing), as text or JSON.</summary>
    private static async Task<int> ShowCreatedAsync(CommandLineSession session, CreatedKey key, bool json)
    {
        if (json)
        {
            return await session.WriteJsonAsync(new { key.Key.Token, key.Secret, key.Key.ExpiresAt, Account = key.Key.AccountLogin, key.Key.Name });
        }

        return await session.SayAsync($"""
            Name:      {key.Key.Name}
            Account:   {key.Key.AccountDisplayName} ({key.Key.AccountLogin})
            Token:     {key.Key.Token}
            Secret:    {key.Secret}
            Expires:   {key.Key.ExpiresAt:u}
            The secret is shown only now; ApiKeys keeps it encrypted and will not show it again.
            """);
    }

    private static Command Rename(CommandLineSession session)
    {
        var token = new Argument<string>("token") { Description = "The key's token" };
        var name = NameOption(required: true);
        var description = DescriptionOption();
        var command = new Command("rename", "Changes a key's name and description.") { token, name, description };
        command.SetAction((parsed, cancellation) => session.RunAsync(async (services, cancellationToken) =>
        {
            var keys = services.GetRequiredService<IAuthenticationKeyService>();
            if (await keys.FindByTokenAsync(parsed.GetRequiredValue(token), cancellationToken) is not { } key)
            {
                return await NoSuchKeyAsync(session, parsed.GetRequiredValue(token));
            }

            var renamed = await keys.UpdateAsync(key.Id, new KeyUpdate(parsed.GetRequiredValue(name), parsed.GetValue(description)), key.Version, cancellationToken);
            return await session.ReportAsync(renamed, saved => $"The key {key.Token} is now named «{saved.Name}».");
        }, cancellation));
        return command;
    }

    private static Command SetScopes(CommandLineSession session)
    {
        var token = new Argument<string>("token") { Description = "The key's token" };
        var scopes = ScopeOption();
        var all = new Option<bool>("--all") { Description = "Every route, and ApiKeys' own API: no limit" };
        var command = new Command("set-scopes", "Limits a key to some scopes (a gateway route's Metadata:Scope or id; 'apikeys' for /api/v1), or lets it call everything.")
        {
            token, scopes, all,
        };
        command.Validators.Add(result =>
        {
            if ((result.GetValue(scopes) is { Length: > 0 }) == result.GetValue(all))
            {
                result.AddError("Give the scopes with --scope (repeatable), or --all; not both, not neither.");
            }
        });
        command.SetAction((parsed, cancellation) => session.RunAsync(async (services, cancellationToken) =>
        {
            var keys = services.GetRequiredService<IAuthenticationKeyService>();
            if (await keys.FindByTokenAsync(parsed.GetRequiredValue(token), cancellationToken) is not { } key)
            {
                return await NoSuchKeyAsync(session, parsed.GetRequiredValue(token));
            }

            var changed = await keys.UpdateAsync(key.Id, KeyUpdate.Scoped(parsed.GetValue(scopes) ?? []), key.Version, cancellationToken);
            return await session.ReportAsync(changed, saved =>
                $"The key {key.Token} may now call {(saved.Scopes.Count == 0 ? "every route and ApiKeys' own API" : string.Join(", ", saved.Scopes))}.");
        }, cancellation));
        return command;
    }

    private static Command SetLimits(CommandLineSession session)
    {
        var token = new Argument<string>("token") { Description = "The key's token" };
        var limits = new KeyLimitOptions();
        var clear = new Option<bool>("--clear") { Description = "Lift every limit: from anywhere, as often as it likes, without a quota" };
        var command = new Command("set-limits", "Sets a key's limits as given (a limit not given is lifted): the addresses it may call from, its rate limit, its quota.")
        {
            token, clear,
        };
        limits.AddTo(command);
        command.Validators.Add(result =>
        {
            if (limits.AnyGiven(result) == result.GetValue(clear))
            {
                result.AddError("Give the limits (--allow-from, --rate-limit, --quota), or --clear; not both, not neither.");
            }
        });
        command.SetAction((parsed, cancellation) => session.RunAsync(async (services, cancellationToken) =>
        {
            var keys = services.GetRequiredService<IAuthenticationKeyService>();
            if (await keys.FindByTokenAsync(parsed.GetRequiredValue(token), cancellationToken) is not { } key)
            {
                return await NoSuchKeyAsync(session, parsed.GetRequiredValue(token));
            }

            var wanted = parsed.GetValue(clear) ? KeyLimits.None : limits.Read(parsed);
            var changed = await keys.UpdateAsync(key.Id, KeyUpdate.Limited(wanted), key.Version, cancellationToken);
            return await session.ReportAsync(changed, saved => $"The key {key.Token} has the limits: {saved.Limits ?? KeyLimits.None}.");
        }, cancellation));
        return command;
    }

    private static Option<string[]> ScopeOption() =>
        new("--scope") { Description = "A scope the key may call (repeatable): a gateway route's Metadata:Scope or id, or 'apikeys' for /api/v1; none: everything", AllowMultipleArgumentsPerToken = false };

    private static Option<string> NameOption(bool required) =>
        new("--name") { Description = $"The key's name, up to {KeyNames.MaxLength} characters" + (required ? "" : " (default: the account's display name and today's date)"), Required = required };

    private static Option<string> DescriptionOption() =>
        new("--description") { Description = $"What the key is for, up to {KeyNames.MaxDescriptionLength} characters" };

    private static Command Delete(CommandLineSession session) =>
        ForTokens(session, "delete", "Deletes keys at once; their accounts lose HMAC access with them.", "deleted", async (keys, ids, cancellationToken) =>
        {
            var deleted = await keys.DeleteAsync(ids, cancellationToken);
            return await session.ReportAsync(deleted, count => $"Deleted {count} key(s).");
        });

    private static Command SetDisabled(CommandLineSession session, bool disabled) =>
        ForTokens(session, disabled ? "disable" : "enable",
            disabled ? "Disables keys: calls with them are refused (key-disabled) until they are enabled again." : "Enables disabled keys again.",
            "changed", async (keys, ids, cancellationToken) =>
            {
                var changed = await keys.SetDisabledAsync(ids, disabled, cancellationToken);
                return await session.ReportAsync(changed, count => $"{(disabled ? "Disabled" : "Enabled")} {count} key(s); {ids.Count - count} already were.");
            });

    /// <summary>A command on keys named by their tokens; when any token is unknown nothing is done.</summary>
    private static Command ForTokens(
        CommandLineSession session, string name, string description, string nothingWas,
        Func<IAuthenticationKeyService, IReadOnlyCollection<Guid>, CancellationToken, Task<int>> work)
    {
        var tokens = new Argument<string[]>("tokens") { Description = "The keys' tokens", Arity = ArgumentArity.OneOrMore };
        var command = new Command(name, description) { tokens };
        command.SetAction((parsed, cancellation) => session.RunAsync(async (services, cancellationToken) =>
        {
            var keys = services.GetRequiredService<IAuthenticationKeyService>();
            var found = new List<AuthenticationKeyRow>();
            var unknown = new List<string>();
            foreach (var text in parsed.GetRequiredValue(tokens).Distinct())
            {
                if (await keys.FindByTokenAsync(text, cancellationToken) is { } key)
                {
                    found.Add(key);
                }
                else
                {
                    unknown.Add(text);
                }
            }

            return unknown.Count > 0
                ? await session.RefuseAsync($"No key has the token {string.Join(", ", unknown)}; nothing was {nothingWas}.")
                : await work(keys, [.. found.Select(k => k.Id)], cancellationToken);
        }, cancellation));
        return command;
    }

    /// <summary><c>--expires</c>: an ISO-8601 date and time; without an offset it is UTC.</summary>
    private static Option<DateTimeOffset> Expires() => new("--expires")
    {
        Description = "When the key stops working, ISO-8601, such as 2027-01-31T23:59:59Z (UTC when no offset is given)",
        Required = true,
        CustomParser = result =>
        {
            var text = result.Tokens.Single().Value;
            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
            {
                return at;
            }

            result.AddError($"--expires must be an ISO-8601 date and time, such as 2027-01-31T23:59:59Z; got '{text}'.");
            return default;
        },
    };

    internal static Option<bool> JsonFlag() => new("--json") { Description = "Write JSON instead of text" };

    private static Task<int> NoSuchKeyAsync(CommandLineSession session, string token) =>
        session.RefuseAsync($"No key has the token {token}; nothing was changed.");

    private static async Task<List<AuthenticationKeyRow>> AllAsync(
        IAuthenticationKeyService keys, string? search, KeyStatus? status, bool needsAttention, bool unused, CancellationToken cancellationToken)
    {
        const int Batch = 500;
        var all = new List<AuthenticationKeyRow>();
        for (var page = 0; ; page++)
        {
            var batch = await keys.QueryAsync(new KeyQuery(page, Batch, KeySort.Created, Descending: true, Search: search, Status: status, NeedsAttention: needsAttention, Unused: unused), cancellationToken);
            all.AddRange(batch.Items);
            if (batch.Items.Count < Batch)
            {
                return all;
            }
        }
    }
}
