using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using ApiKeys.Tests.Support;

namespace ApiKeys.Tests.Api;

/// <summary>
/// The published API contract: <c>/openapi/v1.json</c> must equal the checked-in <c>openapi-v1.json</c>, so a change to
/// the API's shapes, statuses or problem types is a reviewed change. After an intended change, rewrite the copy with
/// <c>APIKEYS_UPDATE_OPENAPI=1 dotnet test --filter OpenApiDocumentTests</c>.
/// </summary>
public sealed class OpenApiDocumentTests(ApiKeysApp app) : IClassFixture<ApiKeysApp>
{
    [Fact]
    public async Task The_document_matches_the_checked_in_contract()
    {
        using var client = app.PlainClient();
        var served = Normalized(await client.GetStringAsync("/openapi/v1.json"));
        var path = CheckedInPath();
        if (Environment.GetEnvironmentVariable("APIKEYS_UPDATE_OPENAPI") == "1")
        {
            await File.WriteAllTextAsync(path, served);
        }

        Assert.Equal(await File.ReadAllTextAsync(path), served);
    }

    [Fact]
    public async Task Every_operation_documents_its_responses_and_problems()
    {
        using var client = app.PlainClient();
        var document = JsonNode.Parse(await client.GetStringAsync("/openapi/v1.json"))!;
        var keys = document["paths"]!["/api/v1/keys"]!;

        Assert.NotNull(keys["get"]!["responses"]!["200"]!["content"]!["application/json"]!["schema"]);
        Assert.NotNull(keys["get"]!["responses"]!["400"]!["content"]!["application/problem+json"]);
        Assert.NotNull(keys["post"]!["responses"]!["201"]!["content"]!["application/json"]);
        Assert.NotNull(keys["post"]!["responses"]!["422"]);
        Assert.NotNull(document["paths"]!["/api/v1/keys/{id}/expiry"]!["put"]!["responses"]!["409"]);
        Assert.Equal(["page", "pageSize", "sort", "descending", "search", "status", "needsAttention", "unused"],
            keys["get"]!["parameters"]!.AsArray().Select(p => p!["name"]!.GetValue<string>()).Select(n => char.ToLowerInvariant(n[0]) + n[1..]));
    }

    /// <summary>Without the address of this test's server, indented the same way every time.</summary>
    private static string Normalized(string json)
    {
        var document = JsonNode.Parse(json)!.AsObject();
        document.Remove("servers");
        return document.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    private static string CheckedInPath([CallerFilePath] string source = "") => Path.Combine(Path.GetDirectoryName(source)!, "openapi-v1.json");
}
