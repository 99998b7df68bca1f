using System.Text.Json;

namespace Peeps.EndToEnd.Tests.Api;

public sealed class OpenApiDocumentTests : IAsyncLifetime
{
    private PeepsServer _server = null!;

    public async Task InitializeAsync() => _server = await PeepsServer.StartAsync();

    public Task DisposeAsync() => _server.DisposeAsync().AsTask();

    [Fact]
    public async Task The_openapi_document_lists_every_contract_endpoint_with_its_method()
    {
        var document = await _server.GetJsonAsync("/openapi/v1.json");
        var paths = document.GetProperty("paths");

        string[] Methods(string path) => [.. paths.GetProperty(path).EnumerateObject().Select(o => o.Name).Where(n => n is "get" or "post")];
        Assert.Equal(["get"], Methods("/health"));
        Assert.Equal(["get"], Methods("/api/connections"));
        Assert.Equal(["post"], Methods("/api/cuts"));
        Assert.Equal(["get"], Methods("/api/cuts/{cutId}"));
        Assert.Equal(["post"], Methods("/api/snapshot"));
        Assert.Equal(["post"], Methods("/api/sql"));
        Assert.Equal(["post"], Methods("/api/query"));
    }

    [Fact]
    public async Task The_openapi_document_lists_the_diagnosis_endpoints_with_their_methods()
    {
        var document = await _server.GetJsonAsync("/openapi/v1.json");
        var paths = document.GetProperty("paths");

        string[] Methods(string path) => [.. paths.GetProperty(path).EnumerateObject().Select(o => o.Name).Where(n => n is "get" or "post")];
        Assert.Equal(["get"], Methods("/api/snapshots/{snapshotId}/diagnosis"));
        Assert.Equal(["get"], Methods("/api/snapshots/{snapshotId}/wait-chain"));
        Assert.Equal(["get"], Methods("/api/snapshots/{fromId}/diff/{toId}"));
        Assert.Equal(["post"], Methods("/api/diagnose"));
    }

    [Fact]
    public async Task Every_operation_says_what_it_does_with_a_name_and_a_summary()
    {
        var document = await _server.GetJsonAsync("/openapi/v1.json");

        var operations = document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject().Select(operation => (Route: $"{operation.Name} {path.Name}", operation.Value)))
            .ToList();

        Assert.True(operations.Count >= 15, $"only {operations.Count} operations described");
        Assert.All(operations, o =>
        {
            Assert.True(o.Value.TryGetProperty("operationId", out var id) && id.GetString() is { Length: > 0 }, $"{o.Route} has no name");
            Assert.True(o.Value.TryGetProperty("summary", out var summary) && summary.GetString() is { Length: > 0 }, $"{o.Route} has no summary");
        });
        Assert.Equal(operations.Count, operations.Select(o => o.Value.GetProperty("operationId").GetString()).Distinct().Count());
    }

    [Fact]
    public async Task Schemas_carry_the_snake_case_names_the_server_writes()
    {
        var document = await _server.GetJsonAsync("/openapi/v1.json");
        var schemas = document.GetProperty("components").GetProperty("schemas");

        var cut = await _server.PostJsonAsync("/api/cuts", "{}");
        var cutStatus = await _server.GetJsonAsync($"/api/cuts/{cut.GetProperty("cut_id").GetString()}");
        Assert.Equal(
            Names(cutStatus),
            Names(schemas.GetProperty("CutStatusView").GetProperty("properties")));
        Assert.Equal(
            Names(await _server.PostJsonAsync("/api/sql", """{"sql":"select 1"}""")),
            Names(schemas.GetProperty("SqlResponse").GetProperty("properties")));
    }

    [Theory]
    [InlineData("/api/sql", "sql")]
    [InlineData("/api/query", "limit,name")]
    [InlineData("/api/snapshot", "timeout_ms")]
    public async Task Request_bodies_read_whatever_their_content_type_are_still_described_as_json(string path, string members)
    {
        var document = await _server.GetJsonAsync("/openapi/v1.json");

        var schema = document.GetProperty("paths").GetProperty(path).GetProperty("post").GetProperty("requestBody")
            .GetProperty("content").GetProperty("application/json").GetProperty("schema");
        if (schema.TryGetProperty("$ref", out var reference))
            schema = document.GetProperty("components").GetProperty("schemas").GetProperty(reference.GetString()!.Split('/')[^1]);
        Assert.Equal(members.Split(','), Names(schema.GetProperty("properties")));
    }

    private static string[] Names(JsonElement element) => [.. element.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)];
}
