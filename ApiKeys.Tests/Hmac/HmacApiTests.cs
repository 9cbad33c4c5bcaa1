using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ApiKeys.Client;
using ApiKeys.Domain;
using ApiKeys.Domain.Accounts;
using ApiKeys.Domain.Keys;
using ApiKeys.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace ApiKeys.Tests.Hmac;

/// <summary>Signed calls against the real app on Kestrel, with the .NET client: every check, every tampering, revocation.</summary>
public abstract class HmacApiTests<TApp>(TApp app) : IClassFixture<TApp>
    where TApp : ApiKeysApp
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(1);
    private static int _accounts;

    [Fact]
    public async Task A_signed_call_gets_the_calling_account_and_the_key_it_used()
    {
        var (key, login) = await EligibleKeyAsync("Integration bot");
        using var client = app.SignedClient(key);

        var account = await client.GetFromJsonAsync<JsonElement>("/api/v1/account");

        Assert.Equal(login, account.GetProperty("login").GetString());
        Assert.Equal("Integration bot", account.GetProperty("displayName").GetString());
        Assert.Equal(["Integrations"], account.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(key.Key.Token, account.GetProperty("key").GetProperty("token").GetString());
        Assert.Equal(key.Key.ExpiresAt, account.GetProperty("key").GetProperty("expiresAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task An_unsigned_call_is_401_with_WWW_Authenticate_and_a_problem_saying_so()
    {
        using var client = app.PlainClient();

        var response = await client.GetAsync("/api/v1/account");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("Signature", response.Headers.WwwAuthenticate.ToString());
        Assert.Equal("urn:apikeys:problem:missing-signature", (await ProblemAsync(response)).Type);
    }

    [Fact]
    public async Task A_malformed_signature_is_a_clear_401()
    {
        using var client = app.PlainClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/account");
        request.Headers.TryAddWithoutValidation("Signature-Input", "sig1=(\"@method\" \"@authority\";created=x");
        request.Headers.TryAddWithoutValidation("Signature", "sig1=:AAAA:");

        var response = await client.SendAsync(request);

        var problem = await ProblemAsync(response);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("urn:apikeys:problem:malformed-signature", problem.Type);
        Assert.Contains("Signature-Input is malformed", problem.Detail);
    }

    [Fact]
    public async Task An_unknown_key_is_refused()
    {
        using var client = app.SignedClient(new HmacCredentials(KeySecrets.NewToken(), KeySecrets.NewSecret()));

        Assert.Equal("unknown-key", await RefusalAsync(client));
    }

    [Fact]
    public async Task A_wrong_secret_is_a_signature_mismatch()
    {
        var (key, _) = await EligibleKeyAsync();
        using var client = app.SignedClient(new HmacCredentials(key.Key.Token, KeySecrets.NewSecret()));

        Assert.Equal("signature-mismatch", await RefusalAsync(client));
    }

    [Theory]
    [InlineData(-310, "stale-signature")]
    [InlineData(310, "future-signature")]
    public async Task A_signature_created_outside_the_window_is_refused(int offsetSeconds, string failure)
    {
        var (key, _) = await EligibleKeyAsync();
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow.AddSeconds(offsetSeconds));
        using var client = new HttpClient(new HmacSigningHandler(new HmacCredentials(key.Key.Token, key.Secret), clock) { InnerHandler = new SocketsHttpHandler() })
        {
            BaseAddress = app.BaseAddress,
        };

        Assert.Equal(failure, await RefusalAsync(client));
    }

    [Fact]
    public async Task A_replayed_request_is_refused()
    {
        var (key, _) = await EligibleKeyAsync();
        using var client = app.PlainClient();
        var original = new HttpRequestMessage(HttpMethod.Get, new Uri(app.BaseAddress, "/api/v1/account"));
        await HmacSigningHandler.SignAsync(original, new HmacCredentials(key.Key.Token, key.Secret), DateTimeOffset.UtcNow, MessageSignature.NewNonce());
        var replay = new HttpRequestMessage(HttpMethod.Get, original.RequestUri);
        foreach (var header in original.Headers)
        {
            replay.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        var first = await client.SendAsync(original);
        var second = await client.SendAsync(replay);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, second.StatusCode);
        Assert.Equal("urn:apikeys:problem:replayed-nonce", (await ProblemAsync(second)).Type);
    }

    [Fact]
    public async Task Tampering_with_any_signed_part_is_refused()
    {
        var (key, _) = await AdministratorKeyAsync();
        var body = """{"ids":["0193a1f2-7c4e-7b0a-9d2e-3f5a6b7c8d9e"]}""";

        var cases = new (string What, HttpMethod Method, string Path, string? Body, Func<HttpRequestMessage, Task> Tamper, string Failure)[]
        {
            ("method", HttpMethod.Get, "/api/v1/keys", null, r => Set(() => r.Method = HttpMethod.Post), "signature-mismatch"),
            ("authority", HttpMethod.Get, "/api/v1/account", null, r => Set(() => r.Headers.Host = "evil.example.com"), "signature-mismatch"),
            ("path", HttpMethod.Get, "/api/v1/account", null, r => Set(() => r.RequestUri = new Uri(app.BaseAddress, "/api/v1/keys")), "signature-mismatch"),
            ("query", HttpMethod.Get, "/api/v1/keys?page=0", null, r => Set(() => r.RequestUri = new Uri(app.BaseAddress, "/api/v1/keys?page=1")), "signature-mismatch"),
            ("body", HttpMethod.Post, "/api/v1/keys/delete", body, r => Set(() => r.Content = Json(body.Replace("0193", "0194"))), "digest-mismatch"),
            ("covered header", HttpMethod.Post, "/api/v1/keys/delete", body, async r =>
            {
                var tampered = body.Replace("0193", "0194");
                r.Content = Json(tampered);
                r.Headers.Remove("Content-Digest");
                r.Headers.TryAddWithoutValidation("Content-Digest", MessageSignature.ContentDigest(Encoding.UTF8.GetBytes(tampered)));
                await Task.CompletedTask;
            }, "signature-mismatch"),
        };

        foreach (var (what, method, path, content, tamper, failure) in cases)
        {
            using var honest = app.SignedClient(key);
            using var request = new HttpRequestMessage(method, path) { Content = content is null ? null : Json(content) };
            Assert.True((await honest.SendAsync(request)).IsSuccessStatusCode, $"the untampered {what} request should pass");

            using var tampering = app.SignedClient(key, new RequestTamperer(tamper));
            using var tamperedRequest = new HttpRequestMessage(method, path) { Content = content is null ? null : Json(content) };
            var response = await tampering.SendAsync(tamperedRequest);

            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"tampered {what}: {response.StatusCode}");
            Assert.Equal($"urn:apikeys:problem:{failure}", (await ProblemAsync(response)).Type);
        }

        static Task Set(Action change)
        {
            change();
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task A_body_over_the_limit_is_413_not_a_crash()
    {
        var (key, _) = await AdministratorKeyAsync();
        using var client = app.SignedClient(key);

        var response = await client.PostAsync("/api/v1/keys/delete", new ByteArrayContent(new byte[1024 * 1024 + 1]));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("urn:apikeys:problem:body-too-large", (await ProblemAsync(response)).Type);
    }

    [Fact]
    public async Task An_account_that_loses_API_calls_is_refused_with_403_within_the_bound()
    {
        var roleName = $"Exchange {Interlocked.Increment(ref _accounts)}";
        await app.CreateRoleAsync(roleName, apiCalls: true);
        var login = $"exchange.{_accounts}";
        await app.CreateAccountAsync(login, "Exchange", roleName);
        var key = await app.CreateKeyAsync(login);
        using var client = app.SignedClient(key);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/account")).StatusCode);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var roles = scope.ServiceProvider.GetRequiredService<RoleManager<SystemRole>>();
            var role = await roles.FindByNameAsync(roleName);
            await roles.RemoveClaimAsync(role!, new System.Security.Claims.Claim(Permission.ClaimType, Permission.ApiCalls));
        }

        var (status, elapsed) = await UntilRefusedAsync(client);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.True(elapsed <= Bound + TimeSpan.FromMilliseconds(500), $"refused after {elapsed.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task A_key_deleted_by_another_instance_is_refused_within_the_bound()
    {
        var (key, _) = await EligibleKeyAsync();
        using var client = app.SignedClient(key);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/account")).StatusCode);

        // Straight to the database, as another instance would: this process's cache is not told.
        await using (var db = await app.OpenDatabaseAsync())
        {
            await db.AuthenticationKeys.Where(k => k.Id == key.Key.Id).ExecuteDeleteAsync();
            await db.RaiseCredentialVersionAsync(CancellationToken.None);
        }

        var (status, elapsed) = await UntilRefusedAsync(client);
        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.True(elapsed <= Bound + TimeSpan.FromMilliseconds(500), $"refused after {elapsed.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task A_key_re_dated_into_the_past_by_another_instance_is_refused_within_the_bound()
    {
        var (key, _) = await EligibleKeyAsync();
        using var client = app.SignedClient(key);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/account")).StatusCode);

        await using (var db = await app.OpenDatabaseAsync())
        {
            await db.AuthenticationKeys.Where(k => k.Id == key.Key.Id)
                .ExecuteUpdateAsync(k => k.SetProperty(x => x.ExpiresAt, DateTimeOffset.UtcNow.AddMinutes(-1)));
            await db.RaiseCredentialVersionAsync(CancellationToken.None);
        }

        var (_, elapsed) = await UntilRefusedAsync(client);
        Assert.Equal("expired-key", await RefusalAsync(client));
        Assert.True(elapsed <= Bound + TimeSpan.FromMilliseconds(500), $"refused after {elapsed.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task Deleting_a_key_in_the_admin_takes_effect_at_once()
    {
        var (key, _) = await EligibleKeyAsync();
        using var client = app.SignedClient(key);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/account")).StatusCode);

        await app.WithAsync<IAuthenticationKeyService, Result<int>>(keys => keys.DeleteAsync([key.Key.Id], CancellationToken.None));

        Assert.Equal("unknown-key", await RefusalAsync(client));
    }

    [Fact]
    public async Task Keys_are_named_on_creation_and_renamed_through_the_API()
    {
        var (admin, _) = await AdministratorKeyAsync();
        var (_, login) = await EligibleKeyAsync();
        using var client = app.SignedClient(admin);

        var created = await client.PostAsJsonAsync("/api/v1/keys", new { account = login, expiresAt = DateTimeOffset.UtcNow.AddDays(30), name = "Warehouse sync", description = "Pulls stock hourly" });
        var key = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key");
        var renamed = await client.PutAsJsonAsync($"/api/v1/keys/{key.GetProperty("id").GetGuid()}",
            new { name = "Warehouse sync (EU)", description = (string?)null, version = key.GetProperty("version").GetGuid() });
        var tooLong = await client.PutAsJsonAsync($"/api/v1/keys/{key.GetProperty("id").GetGuid()}",
            new { name = new string('x', 101), version = (await renamed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetGuid() });

        Assert.Equal(("Warehouse sync", "Pulls stock hourly"), (key.GetProperty("name").GetString(), key.GetProperty("description").GetString()));
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Contains("at most 100 characters", (await ProblemAsync(tooLong)).Detail);
    }

    [Fact]
    public async Task A_name_that_would_hide_its_text_direction_is_refused_and_nothing_is_created()
    {
        var (admin, _) = await AdministratorKeyAsync();
        var (_, login) = await EligibleKeyAsync();
        using var client = app.SignedClient(admin);

        var created = await client.PostAsJsonAsync("/api/v1/keys", new { account = login, expiresAt = DateTimeOffset.UtcNow.AddDays(30), name = "Sync \u202Eexe.cod" });

        Assert.Equal(HttpStatusCode.BadRequest, created.StatusCode);
        Assert.Contains("invisible formatting characters", (await ProblemAsync(created)).Detail);
    }

    [Fact]
    public async Task Scopes_are_set_on_creation_and_changed_with_the_rest_of_the_key()
    {
        var (admin, _) = await AdministratorKeyAsync();
        var (_, login) = await EligibleKeyAsync();
        using var client = app.SignedClient(admin);

        var created = await client.PostAsJsonAsync("/api/v1/keys", new { account = login, expiresAt = DateTimeOffset.UtcNow.AddDays(30), scopes = new[] { "reporting", "orders" } });
        var key = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key");
        var bad = await client.PostAsJsonAsync("/api/v1/keys", new { account = login, expiresAt = DateTimeOffset.UtcNow.AddDays(30), scopes = new[] { "orders/*" } });
        var widened = await client.PutAsJsonAsync($"/api/v1/keys/{key.GetProperty("id").GetGuid()}",
            new { name = key.GetProperty("name").GetString(), version = key.GetProperty("version").GetGuid(), scopes = Array.Empty<string>() });

        Assert.Equal(["orders", "reporting"], key.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("«orders/*» is not a scope", (await ProblemAsync(bad)).Detail);
        Assert.Empty((await widened.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("scopes").EnumerateArray());
    }

    [Fact]
    public async Task A_roll_needs_its_grace_and_a_rolled_key_is_not_rolled_again()
    {
        var (admin, _) = await AdministratorKeyAsync();
        var (key, _) = await EligibleKeyAsync();
        using var administrator = app.SignedClient(admin);

        var noGrace = await administrator.PostAsJsonAsync($"/api/v1/keys/{key.Key.Id}/roll", new { version = key.Key.Version });
        var rolled = await administrator.PostAsJsonAsync($"/api/v1/keys/{key.Key.Id}/roll", new { grace = "01:00:00", version = key.Key.Version });
        var now = await administrator.GetFromJsonAsync<JsonElement>($"/api/v1/keys/{key.Key.Id}");
        var again = await administrator.PostAsJsonAsync($"/api/v1/keys/{key.Key.Id}/roll",
            new { grace = "01:00:00", version = now.GetProperty("key").GetProperty("version").GetGuid() });

        Assert.Equal(HttpStatusCode.BadRequest, noGrace.StatusCode);
        Assert.Contains("grace is required", (await ProblemAsync(noGrace)).Detail);
        Assert.Equal(HttpStatusCode.Created, rolled.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("urn:apikeys:problem:key-already-rolled", (await ProblemAsync(again)).Type);
    }

    [Theory]
    [InlineData("01:00:00", HttpStatusCode.OK)]
    [InlineData("00:00:00", HttpStatusCode.Unauthorized)]
    public async Task After_a_roll_the_new_key_works_and_the_old_one_works_only_within_the_grace(string grace, HttpStatusCode oldAnswers)
    {
        var (admin, _) = await AdministratorKeyAsync();
        var (key, _) = await EligibleKeyAsync();
        using var administrator = app.SignedClient(admin);

        var rolled = await administrator.PostAsJsonAsync($"/api/v1/keys/{key.Key.Id}/roll", new { grace, version = key.Key.Version });
        var body = await rolled.Content.ReadFromJsonAsync<JsonElement>();
        using var oldKey = app.SignedClient(key);
        using var newKey = app.SignedClient(new HmacCredentials(body.GetProperty("key").GetProperty("token").GetString()!, body.GetProperty("secret").GetString()!));

        Assert.Equal(HttpStatusCode.Created, rolled.StatusCode);
        Assert.Equal(key.Key.Id, body.GetProperty("key").GetProperty("rolledFrom").GetGuid());
        Assert.Equal(HttpStatusCode.OK, (await newKey.GetAsync("/api/v1/account")).StatusCode);
        var old = await oldKey.GetAsync("/api/v1/account");
        Assert.Equal(oldAnswers, old.StatusCode);
        if (oldAnswers == HttpStatusCode.Unauthorized)
        {
            Assert.Equal("urn:apikeys:problem:expired-key", (await ProblemAsync(old)).Type);
        }
    }

    [Fact]
    public async Task A_key_disabled_through_the_API_is_refused_as_key_disabled_and_works_again_once_enabled()
    {
        var (admin, _) = await AdministratorKeyAsync();
        var (key, _) = await EligibleKeyAsync();
        using var administrator = app.SignedClient(admin);
        using var caller = app.SignedClient(key);
        Assert.Equal(HttpStatusCode.OK, (await caller.GetAsync("/api/v1/account")).StatusCode);

        var disabled = await administrator.PostAsJsonAsync("/api/v1/keys/disable", new { ids = new[] { key.Key.Id } });
        var refused = await caller.GetAsync("/api/v1/account");
        var enabled = await administrator.PostAsJsonAsync("/api/v1/keys/enable", new { ids = new[] { key.Key.Id } });
        var accepted = await caller.GetAsync("/api/v1/account");

        Assert.Equal(1, (await disabled.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("changed").GetInt32());
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("urn:apikeys:problem:key-disabled", (await ProblemAsync(refused)).Type);
        Assert.Equal(HttpStatusCode.OK, enabled.StatusCode);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    [Fact]
    public async Task Administrators_manage_keys_through_the_API_with_the_UI_rules_and_messages()
    {
        var (admin, adminLogin) = await AdministratorKeyAsync();
        var (_, login) = await EligibleKeyAsync();
        using var client = app.SignedClient(admin);

        var past = await client.PostAsJsonAsync("/api/v1/keys", new { account = login, expiresAt = DateTimeOffset.UtcNow.AddDays(-1) });
        Assert.Equal(HttpStatusCode.BadRequest, past.StatusCode);
        Assert.Equal("The expiry date must be in the future.", (await ProblemAsync(past)).Detail);

        var unknown = await client.PostAsJsonAsync("/api/v1/keys", new { account = "nobody", expiresAt = DateTimeOffset.UtcNow.AddDays(30) });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknown.StatusCode);

        var created = await client.PostAsJsonAsync("/api/v1/keys", new { account = login, expiresAt = DateTimeOffset.UtcNow.AddDays(30) });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var token = body.GetProperty("key").GetProperty("token").GetString()!;
        var secret = body.GetProperty("secret").GetString()!;
        var id = body.GetProperty("key").GetProperty("id").GetGuid();
        var version = body.GetProperty("key").GetProperty("version").GetGuid();
        Assert.Equal(adminLogin, body.GetProperty("key").GetProperty("createdBy").GetString());
        using (var newKey = app.SignedClient(new HmacCredentials(token, secret)))
        {
            Assert.Equal(HttpStatusCode.OK, (await newKey.GetAsync("/api/v1/account")).StatusCode);
        }

        var list = await client.GetFromJsonAsync<JsonElement>($"/api/v1/keys?search={token}");
        Assert.Equal(1, list.GetProperty("totalCount").GetInt32());
        Assert.False(list.GetProperty("items")[0].TryGetProperty("secret", out _));

        var stale = await client.PutAsJsonAsync($"/api/v1/keys/{id}/expiry", new { expiresAt = DateTimeOffset.UtcNow.AddDays(60), version = Guid.NewGuid() });
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var redated = await client.PutAsJsonAsync($"/api/v1/keys/{id}/expiry", new { expiresAt = DateTimeOffset.UtcNow.AddDays(60), version });
        Assert.Equal(HttpStatusCode.OK, redated.StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v1/keys/{id}")).StatusCode);
        var again = await client.DeleteAsync($"/api/v1/keys/{id}");
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Contains("deleted", (await ProblemAsync(again)).Detail);

        var many = await client.PostAsJsonAsync("/api/v1/keys/delete", new { ids = new[] { id, Guid.NewGuid() } });
        Assert.Equal(0, (await many.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("deleted").GetInt32());
    }

    [Fact]
    public async Task An_account_not_in_System_administrators_cannot_manage_keys()
    {
        var (key, _) = await EligibleKeyAsync();
        using var client = app.SignedClient(key);

        var list = await client.GetAsync("/api/v1/keys");
        var create = await client.PostAsJsonAsync("/api/v1/keys", new { account = "x", expiresAt = DateTimeOffset.UtcNow.AddDays(1) });

        Assert.Equal(HttpStatusCode.Forbidden, list.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);
        Assert.Equal("urn:apikeys:problem:forbidden", (await ProblemAsync(list)).Type);
    }

    [Fact]
    public async Task Last_used_is_recorded_off_the_request_path_and_shows_in_the_list()
    {
        var (key, _) = await EligibleKeyAsync();
        using var client = app.SignedClient(key);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/account")).StatusCode);

        var lastUsed = await Eventually.UntilAsync(
            async () => (await app.WithAsync<IAuthenticationKeyService, KeyPage>(keys => keys.QueryAsync(new KeyQuery(Search: key.Key.Token), CancellationToken.None))).Items.Single().LastUsedAt,
            used => used is not null, within: TimeSpan.FromSeconds(5), every: TimeSpan.FromMilliseconds(50));

        Assert.NotNull(lastUsed);
        Assert.InRange(lastUsed.Value, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddSeconds(1));
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_endpoints_and_the_signature_scheme()
    {
        using var client = app.PlainClient();

        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var reference = await client.GetAsync("/api/reference");

        var paths = document.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Contains("/api/v1/account", paths);
        Assert.Contains("/api/v1/keys", paths);
        Assert.Contains("/api/v1/keys/{id}/expiry", paths);
        Assert.DoesNotContain(paths, p => p.StartsWith("/language"));
        Assert.True(document.GetProperty("components").GetProperty("securitySchemes").TryGetProperty("HttpMessageSignature", out _));
        Assert.Equal(HttpStatusCode.OK, reference.StatusCode);
    }

    [Fact]
    public async Task Neither_secrets_nor_signatures_reach_the_logs()
    {
        var (key, _) = await EligibleKeyAsync();
        var signatures = new List<string>();
        using var client = app.SignedClient(key, new RequestTamperer(r => signatures.Add(r.Headers.GetValues("Signature").Single())));
        await client.GetAsync("/api/v1/account");
        using var wrong = app.SignedClient(new HmacCredentials(key.Key.Token, KeySecrets.NewSecret()), new RequestTamperer(r => signatures.Add(r.Headers.GetValues("Signature").Single())));
        await wrong.GetAsync("/api/v1/account");

        var logs = string.Join('\n', app.Logs.Lines);
        Assert.DoesNotContain(key.Secret, logs);
        Assert.All(signatures, s => Assert.DoesNotContain(s.Split(':')[1], logs));
    }

    private async Task<(CreatedKey Key, string Login)> EligibleKeyAsync(string displayName = "Integration bot")
    {
        await EnsureRoleAsync("Integrations", apiCalls: true);
        var login = $"integration.{Interlocked.Increment(ref _accounts)}";
        await app.CreateAccountAsync(login, displayName, "Integrations");
        return (await app.CreateKeyAsync(login), login);
    }

    private async Task<(CreatedKey Key, string Login)> AdministratorKeyAsync()
    {
        var login = $"admin.{Interlocked.Increment(ref _accounts)}";
        await app.CreateAccountAsync(login, "Administrator", SystemRole.Administrators);
        return (await app.CreateKeyAsync(login), login);
    }

    private async Task EnsureRoleAsync(string name, bool apiCalls)
    {
        await using var db = await app.OpenDatabaseAsync();
        if (!await db.Roles.AnyAsync(r => r.Name == name))
        {
            try
            {
                await app.CreateRoleAsync(name, apiCalls);
            }
            catch (Xunit.Sdk.XunitException)
            {
                // Created by a test running alongside.
            }
        }
    }

    private static Task<(HttpStatusCode Status, TimeSpan Elapsed)> UntilRefusedAsync(HttpClient client) =>
        Eventually.TimedAsync(async () => (await client.GetAsync("/api/v1/account")).StatusCode, status => status != HttpStatusCode.OK,
            within: TimeSpan.FromSeconds(5), every: TimeSpan.FromMilliseconds(20));

    private static async Task<string> RefusalAsync(HttpClient client)
    {
        var response = await client.GetAsync("/api/v1/account");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.NotEmpty(response.Headers.WwwAuthenticate);
        return (await ProblemAsync(response)).Type!.Replace("urn:apikeys:problem:", "");
    }

    private static async Task<(string? Type, string? Detail)> ProblemAsync(HttpResponseMessage response)
    {
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (problem.GetProperty("type").GetString(), problem.TryGetProperty("detail", out var detail) ? detail.GetString() : null);
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");
}

public sealed class HmacApiOnSqliteTests(ApiKeysApp app) : HmacApiTests<ApiKeysApp>(app);

[Trait("Category", "Postgres")]
public sealed class HmacApiOnPostgreSqlTests(PostgresApp app) : HmacApiTests<PostgresApp>(app);
