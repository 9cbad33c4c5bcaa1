using ApiKeys.Domain.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace ApiKeys.Domain.Storage;

/// <summary>Brings the database to the current schema and seeds the built-in system role.</summary>
public sealed class DatabaseInitializer(ApiKeysDbContext db, RoleManager<SystemRole> roles)
{
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await db.Database.MigrateAsync(cancellationToken);
        await EnsureRoleAsync(SystemRole.Administrators);
    }

    private async Task EnsureRoleAsync(string name)
    {
        if (await roles.RoleExistsAsync(name))
        {
            return;
        }

        var created = await roles.CreateAsync(new SystemRole { Name = name, IsBuiltIn = true });
        // Another instance starting at the same moment may have created it first.
        if (!created.Succeeded && !await roles.RoleExistsAsync(name))
        {
            throw new InvalidOperationException($"Could not create the system role '{name}': {string.Join("; ", created.Errors.Select(e => e.Description))}");
        }
    }
}
