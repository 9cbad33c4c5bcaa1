using System.CommandLine;
using ApiKeys.Domain.Accounts;

namespace ApiKeys.Admin.CommandLine;

/// <summary><c>roles create | list | rename | delete | grant-api-calls | revoke-api-calls</c>, through <see cref="SystemRoleService"/>.</summary>
internal static class RoleCommands
{
    public static Command Create(CommandLineSession session) =>
        new("roles", "System roles, and the \"API calls\" permission that makes their members eligible for keys.")
        {
            CreateRole(session), List(session), Rename(session), Delete(session),
            ApiCalls(session, "grant-api-calls", granted: true, "Grants a role the \"API calls\" permission."),
            ApiCalls(session, "revoke-api-calls", granted: false, "Takes the \"API calls\" permission from a role; its members' keys stop working unless another role grants it."),
        };

    private static Command CreateRole(CommandLineSession session)
    {
        var name = NameArgument();
        var apiCalls = new Option<bool>("--api-calls") { Description = "Grant the \"API calls\" permission" };
        var command = new Command("create", "Creates a system role.") { name, apiCalls };
        command.SetAction((parsed, cancellation) => session.RunAsync(async (services, cancellationToken) =>
        {
            var created = await services.GetRequiredService<SystemRoleService>().CreateAsync(parsed.GetRequiredValue(name), parsed.GetValue(apiCalls), cancellationToken);
            return await session.ReportAsync(created, _ => $"Created system role \"{parsed.GetRequiredValue(name).Trim()}\"{(parsed.GetValue(apiCalls) ? " with the \"API calls\" permission" : "")}.");
        }, cancellation));
        return command;
    }

    private static Command List(CommandLineSession session)
    {
        var json = KeyCommands.JsonFlag();
        var command = new Command("list", "Lists the system roles.") { json };
        command.SetAction((parsed, cancellation) => session.RunAsync(async (services, cancellationToken) =>
        {
            var roles = await services.GetRequiredService<SystemRoleService>().ListAsync(cancellationToken);
            if (parsed.GetValue(json))
            {
                return await session.WriteJsonAsync(roles.Select(r => new { r.Name, r.IsBuiltIn, r.ApiCalls, r.MemberCount }));
            }

            foreach (var role in roles)
            {
                await session.Output.WriteLineAsync($"{role.Name,-32}  {role.MemberCount,5} member(s)  {(role.ApiCalls ? "API calls" : "")}{(role.IsBuiltIn ? "  (built in)" : "")}");
            }

            return await session.SayAsync($"{roles.Count} role(s).");
        }, cancellation));
        return command;
    }

    private static Command Rename(CommandLineSession session)
    {
        var name = NameArgument();
        var newName = new Argument<string>("new-name") { Description = "The new name" };
        var command = new Command("rename", "Renames a system role.") { name, newName };
        command.SetAction((parsed, cancellation) => WithRoleAsync(session, parsed.GetRequiredValue(name), async (roles, role, cancellationToken) =>
        {
            var renamed = await roles.RenameAsync(role.Id, parsed.GetRequiredValue(newName), cancellationToken);
            return await session.ReportAsync(renamed, _ => $"Renamed \"{role.Name}\" to \"{parsed.GetRequiredValue(newName).Trim()}\".");
        }, cancellation));
        return command;
    }

    private static Command Delete(CommandLineSession session)
    {
        var name = NameArgument();
        var command = new Command("delete", "Deletes a system role; its members lose what it granted.") { name };
        command.SetAction((parsed, cancellation) => WithRoleAsync(session, parsed.GetRequiredValue(name), async (roles, role, cancellationToken) =>
        {
            var deleted = await roles.DeleteAsync(role.Id, cancellationToken);
            return await session.ReportAsync(deleted, _ => $"Deleted system role \"{role.Name}\".");
        }, cancellation));
        return command;
    }

    private static Command ApiCalls(CommandLineSession session, string commandName, bool granted, string description)
    {
        var name = NameArgument();
        var command = new Command(commandName, description) { name };
        command.SetAction((parsed, cancellation) => WithRoleAsync(session, parsed.GetRequiredValue(name), async (roles, role, cancellationToken) =>
        {
            var changed = await roles.SetApiCallsAsync(role.Id, granted, cancellationToken);
            return await session.ReportAsync(changed, _ => $"\"{role.Name}\" {(granted ? "has" : "no longer has")} the \"API calls\" permission.");
        }, cancellation));
        return command;
    }

    private static Task<int> WithRoleAsync(
        CommandLineSession session, string name, Func<SystemRoleService, SystemRoleRow, CancellationToken, Task<int>> work, CancellationToken cancellation) =>
        session.RunAsync(async (services, cancellationToken) =>
        {
            var roles = services.GetRequiredService<SystemRoleService>();
            var role = (await roles.ListAsync(cancellationToken)).FirstOrDefault(r => string.Equals(r.Name, name.Trim(), StringComparison.OrdinalIgnoreCase));
            return role is null
                ? await session.RefuseAsync($"No system role is named \"{name}\"; see: roles list.")
                : await work(roles, role, cancellationToken);
        }, cancellation);

    private static Argument<string> NameArgument() => new("name") { Description = "The system role's name" };
}
