using System.CommandLine;
using ApiKeys.Domain.Accounts;

namespace ApiKeys.Admin.CommandLine;

/// <summary><c>accounts create | list | set-email | deactivate | reactivate | add-role | remove-role</c>, through <see cref="AccountService"/>.</summary>
internal static class AccountCommands
{
    public static Command Create(CommandLineSession session) =>
        new("accounts", "Accounts: who may sign in, and who may be given keys (through their system roles).")
        {
            CreateAccount(session), List(session), SetEmail(session),
            SetActive(session, "deactivate", active: false, "Deactivates an account: it can no longer sign in, and its keys stop working."),
            SetActive(session, "reactivate", active: true, "Reactivates a deactivated account."),
            Membership(session, "add-role", add: true, "Adds an account to a system role."),
            Membership(session, "remove-role", add: false, "Removes an account from a system role."),
        };

    private static Command CreateAccount(CommandLineSession session)
    {
        var login = new Option<string>("--login") { Description = "The login", Required = true };
        var displayName = new Option<string>("--display-name") { Description = "The name shown in lists", Required = true };
        var password = new Option<string?>("--password") { Description = "A password to sign in with (at least 12 characters unless Authentication:Password:RequiredLength says otherwise); none for an account that only calls the API" };
        var mustChange = new Option<bool>("--must-change-password") { Description = "The account must choose its own password at first sign-in" };
        var roles = new Option<string[]>("--role") { Description = "A system role to add the account to (repeatable)", AllowMultipleArgumentsPerToken = false };
        var email = new Option<string?>("--email") { Description = "The account's e-mail address (System administrators with one get the expiry notices)" };
        var command = new Command("create", "Creates an account, optionally in system roles.") { login, displayName, password, mustChange, roles, email };
        command.SetAction((parsed, cancellation) => session.RunAsync(async (services, cancellationToken) =>
        {
            var inRoles = parsed.GetValue(roles) ?? [];
            var accounts = services.GetRequiredService<AccountService>();
            if (parsed.GetValue(email) is { } address && !EmailAddresses.IsValid(address.Trim()))
            {
                return await session.RefuseAsync($"«{address}» is not an e-mail address such as name@example.com; nothing was created.");
            }

            var created = await accounts.CreateAsync(
                parsed.GetRequiredValue(login), parsed.GetRequiredValue(displayName), parsed.GetValue(password), parsed.GetValue(mustChange), cancellationToken, inRoles);
            if (created.Failure is null && parsed.GetValue(email) is { } withEmail)
            {
                created = (await accounts.SetEmailAsync(created.Value!, withEmail, cancellationToken)) is { Failure: { } emailFailure } ? emailFailure : created;
            }

            return await session.ReportAsync(created, _ => $"Created account {parsed.GetRequiredValue(login).Trim()}{(inRoles.Length > 0 ? $" in {string.Join(", ", inRoles)}" : "")}.");
        }, cancellation));
        return command;
    }

    private static Command List(CommandLineSession session)
    {
        var search = new Option<string?>("--search") { Description = "Only accounts whose login or display name holds this text" };
        var json = KeyCommands.JsonFlag();
        var command = new Command("list", "Lists accounts with their roles and whether they may use the API.") { search, json };
        command.SetAction((parsed, cancellation) => session.RunAsync(async (services, cancellationToken) =>
        {
            var accounts = services.GetRequiredService<AccountService>();
            var all = new List<AccountRow>();
            for (var page = 0; ; page++)
            {
                var batch = await accounts.QueryAsync(parsed.GetValue(search), page, 500, cancellationToken);
                all.AddRange(batch.Items);
                if (batch.Items.Count < 500)
                {
                    break;
                }
            }

            if (parsed.GetValue(json))
            {
                return await session.WriteJsonAsync(all.Select(a => new { a.Login, a.DisplayName, a.Email, a.IsActive, a.Roles, a.MayUseApi, a.IsLockedOut }));
            }

            foreach (var account in all)
            {
                var state = account.IsActive ? account.MayUseApi ? "may use the API" : "" : "deactivated";
                await session.Output.WriteLineAsync($"{account.Login,-24}  {account.DisplayName,-28}  {string.Join(", ", account.Roles),-32}  {state}");
            }

            return await session.SayAsync($"{all.Count} account(s).");
        }, cancellation));
        return command;
    }

    private static Command SetEmail(CommandLineSession session)
    {
        var login = LoginArgument();
        var email = new Argument<string?>("email") { Description = "The address; leave it out to remove the account's address", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("set-email", "Sets or removes an account's e-mail address (System administrators with one get the expiry notices).") { login, email };
        command.SetAction((parsed, cancellation) => session.RunAsync(async (services, cancellationToken) =>
        {
            var accounts = services.GetRequiredService<AccountService>();
            if (await accounts.FindAsync(parsed.GetRequiredValue(login), cancellationToken) is not { } account)
            {
                return await session.RefuseAsync($"No account has the login {parsed.GetRequiredValue(login)}.");
            }

            var address = parsed.GetValue(email);
            var changed = await accounts.SetEmailAsync(account.Id, address, cancellationToken);
            return await session.ReportAsync(changed, _ => string.IsNullOrWhiteSpace(address) ? $"{account.Login} has no e-mail address now." : $"{account.Login}'s e-mail address is {address.Trim()}.");
        }, cancellation));
        return command;
    }

    private static Command SetActive(CommandLineSession session, string name, bool active, string description)
    {
        var login = LoginArgument();
        var command = new Command(name, description) { login };
        command.SetAction((parsed, cancellation) => session.RunAsync(async (services, cancellationToken) =>
        {
            var accounts = services.GetRequiredService<AccountService>();
            if (await accounts.FindAsync(parsed.GetRequiredValue(login), cancellationToken) is not { } account)
            {
                return await session.RefuseAsync($"No account has the login {parsed.GetRequiredValue(login)}.");
            }

            var changed = await accounts.SetActiveAsync(account.Id, active, cancellationToken);
            return await session.ReportAsync(changed, _ => active ? $"Reactivated {account.Login}." : $"Deactivated {account.Login}: it cannot sign in, and its keys stop working.");
        }, cancellation));
        return command;
    }

    private static Command Membership(CommandLineSession session, string name, bool add, string description)
    {
        var login = LoginArgument();
        var role = new Argument<string>("role") { Description = "The system role's name" };
        var command = new Command(name, description) { login, role };
        command.SetAction((parsed, cancellation) => session.RunAsync(async (services, cancellationToken) =>
        {
            var accounts = services.GetRequiredService<AccountService>();
            if (await accounts.FindAsync(parsed.GetRequiredValue(login), cancellationToken) is not { } account)
            {
                return await session.RefuseAsync($"No account has the login {parsed.GetRequiredValue(login)}.");
            }

            var roleName = parsed.GetRequiredValue(role);
            var changed = add
                ? await accounts.AddToRoleAsync(account.Id, roleName, cancellationToken)
                : await accounts.RemoveFromRoleAsync(account.Id, roleName, cancellationToken);
            return await session.ReportAsync(changed, _ => add ? $"{account.Login} is in \"{roleName}\"." : $"{account.Login} is not in \"{roleName}\".");
        }, cancellation));
        return command;
    }

    private static Argument<string> LoginArgument() => new("login") { Description = "The account's login" };
}
