using System.Net;
using System.Text;
using System.Text.Json;
using ApiKeys.Domain.Accounts;
using ApiKeys.Tests.Support;

namespace ApiKeys.Tests.Api;

/// <summary>Whatever goes wrong under /api is answered as application/problem+json with the status that says why.</summary>
public sealed class ApiErrorsTests(ApiKeysApp app) : IClassFixture<ApiKeysApp>
{
    [Theory]
    [InlineData("{\"account\": \"x\", \"expiresAt\": ", HttpStatusCode.BadRequest, "JSON")]
    [InlineData("{\"account\": 5, \"expiresAt\": \"2027-01-01T00:00:00Z\"}", HttpStatusCode.BadRequest, "$.account")]
    [InlineData("{\"account\": \"x\", \"expiresAt\": \"next tuesday\"}", HttpStatusCode.BadRequest, "$.expiresAt")]
    public async Task A_body_that_is_not_the_expected_JSON_is_a_400_problem_naming_where(string body, HttpStatusCode status, string names)
    {
        using var client = await AdministratorAsync();

        var response = await client.PostAsync("/api/v1/keys", new StringContent(body, Encoding.UTF8, "application/json"));

        await AssertProblemAsync(response, status, names);
    }

    [Fact]
    public async Task A_body_that_is_not_JSON_is_a_415_problem()
    {
        using var client = await AdministratorAsync();

        var response = await client.PostAsync("/api/v1/keys", new StringContent("account=x", Encoding.UTF8, "application/x-www-form-urlencoded"));

        await AssertProblemAsync(response, HttpStatusCode.UnsupportedMediaType, "");
    }

    [Fact]
    public async Task A_malformed_body_on_PUT_is_a_400_not_a_405()
    {
        using var client = await AdministratorAsync();

        var response = await client.PutAsync($"/api/v1/keys/{Guid.NewGuid()}/expiry", new StringContent("{", Encoding.UTF8, "application/json"));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "JSON");
    }

    [Theory]
    [InlineData("GET", "/api/v1/nothing-here", HttpStatusCode.NotFound)]
    [InlineData("DELETE", "/api/v1/keys/not-a-guid", HttpStatusCode.NotFound)]
    [InlineData("PATCH", "/api/v1/keys", HttpStatusCode.MethodNotAllowed)]
    public async Task Unknown_routes_and_wrong_methods_are_problems(string method, string path, HttpStatusCode status)
    {
        using var client = await AdministratorAsync();

        var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        await AssertProblemAsync(response, status, "");
    }

    [Theory]
    [InlineData("page=abc", "page must be a whole number; got \"abc\"")]
    [InlineData("sort=Account,Created", "sort must be one of: account, name, created, expires")]
    [InlineData("sort=1", "sort must be one of")]
    [InlineData("page=2147483647&pageSize=500", "page must be between 0 and 4294967")]
    [InlineData("pageSize=0", "pageSize must be between 1 and 500")]
    [InlineData("status=Bogus", "AccountNotEligible")]
    [InlineData("descending=maybe", "descending must be true or false")]
    public async Task Query_values_are_validated_and_the_problem_says_what_is_allowed(string query, string says)
    {
        using var client = await AdministratorAsync();

        var response = await client.GetAsync($"/api/v1/keys?{query}");

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, says);
    }

    [Fact]
    public async Task A_refused_query_names_each_wrong_field_in_the_problems_errors()
    {
        using var client = await AdministratorAsync();

        var response = await client.GetAsync("/api/v1/keys?status=nope&sort=bogus");

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "sort must be one of: account, name, created, expires. status must be one of:");
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("urn:apikeys:problem:bad-request", problem.GetProperty("type").GetString());
        var fields = problem.GetProperty("errors").EnumerateObject().Select(e => e.Name.ToLowerInvariant()).Order();
        Assert.Equal(["sort", "status"], fields);
    }

    [Fact]
    public async Task A_very_long_search_reaches_the_api_and_is_a_problem_naming_the_field()
    {
        using var client = await AdministratorAsync();

        var response = await client.GetAsync($"/api/v1/keys?search={new string('a', 20_000)}");

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "search can be at most 200 characters.");
    }

    [Fact]
    public async Task Status_and_sort_are_taken_by_name_in_any_case()
    {
        using var client = await AdministratorAsync();

        var response = await client.GetAsync("/api/v1/keys?sort=Account&status=accountnoteligible&descending=true");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task<HttpClient> AdministratorAsync()
    {
        var login = $"api.admin.{Guid.NewGuid():n}";
        await app.CreateAccountAsync(login, "API administrator", SystemRole.Administrators);
        return app.SignedClient(await app.CreateKeyAsync(login));
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string detailHolds)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"{response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        if (detailHolds.Length > 0)
        {
            Assert.Contains(detailHolds, problem.GetProperty("detail").GetString());
        }
    }
}
