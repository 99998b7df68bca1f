using System.Net;
using System.Text;
using System.Text.Json;

namespace Peeps.EndToEnd.Tests.Api;

/// <summary>What the diagnosis endpoint tests do over HTTP: take and await stored snapshots, read bodies and problems.</summary>
public static class DiagnosisHttp
{
    public static async Task<long> SnapshotAsync(PeepsServer server) =>
        (await server.PostJsonAsync("/api/snapshot", """{"timeout_ms":3000}""")).GetProperty("snapshot_id").GetInt64();

    /// <summary>The snapshot is stored just after it is answered: until then its diagnosis is a 404.</summary>
    public static Task<JsonElement> DiagnosisOfAsync(PeepsServer server, long snapshotId) =>
        Eventually.Until(async () =>
        {
            using var response = await server.Http.GetAsync($"/api/snapshots/{snapshotId}/diagnosis");
            return response.StatusCode == HttpStatusCode.OK ? await BodyAsync(response) : default;
        }, body => body.ValueKind == JsonValueKind.Object, what: $"snapshot {snapshotId} stored");

    public static async Task AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string errorPart)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await BodyAsync(response);
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        Assert.Contains(errorPart, problem.GetProperty("error").GetString());
        Assert.Equal(problem.GetProperty("detail").GetString(), problem.GetProperty("error").GetString());
    }

    /// <summary>Parsed as deep as a wait chain at a raised depth bound nests (JSON's default stops at 64 levels).</summary>
    public static async Task<JsonElement> BodyAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync(), new JsonDocumentOptions { MaxDepth = 1024 }).RootElement.Clone();

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public static string[] Names(JsonElement element) => [.. element.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)];
}
