using System.Security.Claims;
using ApiKeys.Domain.Accounts;
using ApiKeys.Domain.Keys;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace ApiKeys.Domain.Storage;

/// <summary>A handful of accounts, roles and keys so a development database has something to show. Never used in Production.</summary>
public sealed class DemoData(ApiKeysDbContext db, UserManager<Account> accounts, RoleManager<SystemRole> roles, KeySecrets secrets, TimeProvider time)
{
    public const string IntegrationsRole = "Integrations";
    public const string ReportingRole = "Reporting readers";

    public async Task SeedAsync(CancellationToken cancellationToken)
    {
        if (await db.Users.AnyAsync(a => a.UserName == "integration.bot", cancellationToken))
        {
            return;
        }

        await CreateRoleAsync(IntegrationsRole, apiCalls: true);
        await CreateRoleAsync(ReportingRole, apiCalls: false);

        var bot = await CreateAccountAsync("integration.bot", "Integration bot", IntegrationsRole);
        var erp = await CreateAccountAsync("erp.exchange", "ERP exchange", IntegrationsRole);
        var admin = await CreateAccountAsync("a.ivanova", "Анна Иванова", SystemRole.Administrators);
        await CreateAccountAsync("reporting", "Reporting service", ReportingRole);
        await CreateAccountAsync("p.petrov", "Павел Петров", role: null);

        var now = time.GetUtcNow();
        AddUsage(AddKey(bot, now.AddDays(-200), now.AddDays(165)), now, callsPerHour: 40);
        AddUsage(AddKey(bot, now.AddDays(-20), now.AddDays(9)), now, callsPerHour: 3);
        AddKey(erp, now.AddDays(-400), now.AddDays(-35));
        AddKey(erp, now.AddDays(-3), now.AddDays(362));
        AddKey(admin, now.AddDays(-1), now.AddDays(89));
        await db.SaveChangesAsync(cancellationToken);
    }

    private async Task CreateRoleAsync(string name, bool apiCalls)
    {
        var role = new SystemRole { Name = name };
        await roles.CreateAsync(role);
        if (apiCalls)
        {
            await roles.AddClaimAsync(role, new Claim(Permission.ClaimType, Permission.ApiCalls));
        }
    }

    private async Task<Account> CreateAccountAsync(string login, string displayName, string? role)
    {
        var account = new Account { UserName = login, DisplayName = displayName, Email = $"{login}@example.org" };
        await accounts.CreateAsync(account);
        if (role is not null)
        {
            await accounts.AddToRoleAsync(account, role);
        }

        return account;
    }

    /// <summary>Calls over the last 30 days, busier on weekdays and in working hours, with a few refused, so the details chart has a shape.</summary>
    private void AddUsage(AuthenticationKey key, DateTimeOffset now, int callsPerHour)
    {
        var random = new Random(key.CreatedAt.DayOfYear);
        var last = Usage.KeyUsageHours.Of(now);
        for (var hour = Math.Max(last - (30 * 24) + 1, Usage.KeyUsageHours.Of(key.CreatedAt)); hour <= last; hour++)
        {
            var at = Usage.KeyUsageHours.Start(hour);
            var busy = at.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && at.Hour is >= 7 and < 19;
            var accepted = random.Next(busy ? callsPerHour : callsPerHour / 10 + 1);
            db.KeyUsage.Add(new Usage.KeyUsageHour { KeyId = key.Id, Hour = hour, Accepted = accepted, Refused = random.Next(50) == 0 ? random.Next(1, 4) : 0 });
        }

        key.NoteUse(now.AddMinutes(-random.Next(1, 50)), "203.0.113.10", "erp-connector/2.1 (.NET)");
    }

    private AuthenticationKey AddKey(Account account, DateTimeOffset createdAt, DateTimeOffset expiresAt)
    {
        var (key, refused) = AuthenticationKey.Create(account.Id, KeyNames.Suggested(account.DisplayName, createdAt), description: null, expiresAt,
            KeySecrets.NewToken(), secrets.Protect(KeySecrets.NewSecret()), "demo data", createdAt, new KeyLifetime(TimeSpan.FromDays(3 * 365)));
        return refused is null ? db.AuthenticationKeys.Add(key!).Entity : throw new InvalidOperationException($"Demo key refused: {refused.Code}");
    }
}
