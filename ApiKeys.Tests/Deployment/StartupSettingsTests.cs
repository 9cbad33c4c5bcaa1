using ApiKeys.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ApiKeys.Tests.Deployment;

/// <summary>The app as an operator starts it (a process), with one wrong setting: it stops with one line naming it.</summary>
public sealed class StartupSettingsTests
{
    [Fact]
    public async Task The_app_reads_the_operators_appsettings_json_from_the_top_of_the_repository_wherever_it_starts()
    {
        var root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", ".."));
        Assert.True(File.Exists(Path.Combine(root, "appsettings.json")));
        Assert.False(File.Exists(Path.Combine(root, "ApiKeys.Admin", "appsettings.json")));
        await using var app = new Support.ApiKeysApp();
        var configuration = app.Services.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>();

        // Only the operator's file says this; the app's content root (ApiKeys.Admin) has no appsettings.json.
        Assert.Equal("Warning", configuration["Logging:LogLevel:Microsoft.EntityFrameworkCore.Database.Command"]);
    }

    [Theory]
    [InlineData("Database__Provider", "Oracle", "Database:Provider must be one of Sqlite, SqlServer, PostgreSql.")]
    [InlineData("Authentication__Hmac__ClockSkew", "-00:05:00", "Authentication:Hmac:ClockSkew must be between 00:00:01 and 01:00:00.")]
    [InlineData("Authentication__Hmac__RevocationBound", "soon", "Authentication:Hmac:RevocationBound must be a time span")]
    [InlineData("Authentication__Hmac__ReplayStore", "Disk", "Authentication:Hmac:ReplayStore must be one of Database, Redis, Memory.")]
    [InlineData("AuthenticationKeys__ExpiringSoonWindow", "-1.00:00:00", "AuthenticationKeys:ExpiringSoonWindow cannot be negative.")]
    [InlineData("RateLimits__SignInPerLogin__PermitLimit", "-3", "RateLimits:SignInPerLogin:PermitLimit must be 0 (off) or more.")]
    [InlineData("DataProtection__Certificate__Path", "/nonexistent/ring.pfx", "DataProtection:Certificate:Path names no file: /nonexistent/ring.pfx.")]
    [InlineData("Authentication__Lockout__MaxFailedAttempts", "five", "Authentication:Lockout:MaxFailedAttempts must be a whole number.")]
    [InlineData("Authentication__Lockout__MaxFailedAttempts", "0", "Authentication:Lockout:MaxFailedAttempts must be between 1 and 1000.")]
    [InlineData("Authentication__Password__RequiredLength", "4", "Authentication:Password:RequiredLength must be between 8 and 128.")]
    [InlineData("Authentication__SessionCheckInterval", "2.00:00:00", "Authentication:SessionCheckInterval must be between 00:00:00 and 1.00:00:00.")]
    [InlineData("Notifications__ExpiryNotice__Language", "de", "Notifications:ExpiryNotice:Language must be en or ru.")]
    [InlineData("Metrics__AllowFrom__0", "10.0.0.0/33", "Metrics:AllowFrom:0 must be an address range such as 10.0.0.0/8 or ::1/128; '10.0.0.0/33' is not.")]
    public async Task A_wrong_setting_stops_the_app_with_one_line_naming_it(string variable, string value, string line)
    {
        var exit = await AppProcess.RunAsync(new Dictionary<string, string> { [variable] = value }, args: ["--urls", "http://127.0.0.1:0"]);

        Assert.Equal(1, exit.Code);
        var lines = exit.ErrorLines;
        Assert.Single(lines);
        Assert.StartsWith("ApiKeys cannot start, a setting is wrong: ", lines[0]);
        Assert.Contains(line, lines[0]);
        Assert.DoesNotContain("   at ", exit.Output);
    }
}
