using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Peeps.EndToEnd.Tests.Api;

/// <summary>
/// Upstream clients send their JSON however their HTTP library likes: <c>curl -d</c> as form data, some as
/// <c>text/plain</c>, some with no content type. The upstream server reads raw bytes, so every one must work here.
/// </summary>
public sealed class JsonRequestBodyTests : IAsyncLifetime
{
    private PeepsServer _server = null!;

    public async Task InitializeAsync() => _server = await PeepsServer.StartAsync();

    public Task DisposeAsync() => _server.DisposeAsync().AsTask();

    public static TheoryData<string?> ContentTypes => new() { "application/x-www-form-urlencoded", "text/plain", null, "application/json" };

    private static ByteArrayContent Body(string text, string? contentType)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(text));
        if (contentType is not null) content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return content;
    }

    private async Task<(HttpStatusCode Status, string? MediaType, JsonElement Body)> PostAsync(string path, string text, string? contentType)
    {
        using var response = await _server.Http.PostAsync(path, Body(text, contentType));
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, body);
    }

    [Theory]
    [MemberData(nameof(ContentTypes))]
    public async Task Sql_body_is_read_as_json_whatever_its_content_type(string? contentType)
    {
        var (status, _, body) = await PostAsync("/api/sql", """{"sql":"select 41 + 1 as answer"}""", contentType);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("""{"columns":["answer"],"rows":[[42]],"row_count":1}""", body.GetRawText());
    }

    [Theory]
    [MemberData(nameof(ContentTypes))]
    public async Task Query_body_is_read_as_json_whatever_its_content_type(string? contentType)
    {
        var (status, _, body) = await PostAsync("/api/query", """{"name":"blockers","limit":20}""", contentType);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("""{"columns":["waiter_id","waiter_name","blocked_on_id","blocked_on_name","kind_json"],"rows":[],"row_count":0}""", body.GetRawText());
    }

    [Theory]
    [InlineData("/api/sql", "text/plain")]
    [InlineData("/api/sql", "application/x-www-form-urlencoded")]
    [InlineData("/api/sql", null)]
    [InlineData("/api/query", "text/plain")]
    [InlineData("/api/query", null)]
    public async Task A_body_that_is_not_json_is_still_a_400_problem_with_an_error_member(string path, string? contentType)
    {
        var (status, mediaType, body) = await PostAsync(path, "sql=select+1", contentType);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("application/problem+json", mediaType);
        Assert.StartsWith("request body is not valid JSON", body.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json at all", "text/plain")]
    [InlineData("{\"oops\":", "application/json")]
    [InlineData("a=1&b=2", "application/x-www-form-urlencoded")]
    [InlineData("{}", null)]
    public async Task Snapshot_ignores_a_body_it_cannot_read_and_waits_the_default(string text, string? contentType)
    {
        var (status, _, body) = await PostAsync("/api/snapshot", text, contentType);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(5000, body.GetProperty("timeout_ms").GetInt64());
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData(null)]
    public async Task Snapshot_keeps_a_timeout_ms_that_parses_whatever_the_content_type(string? contentType)
    {
        var (status, _, body) = await PostAsync("/api/snapshot", """{"timeout_ms":1500}""", contentType);
        var (refused, _, problem) = await PostAsync("/api/snapshot", """{"timeout_ms":0}""", contentType);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(1500, body.GetProperty("timeout_ms").GetInt64());
        Assert.Equal(HttpStatusCode.BadRequest, refused);
        Assert.Contains("timeout_ms must be between 1 and", problem.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"oops\":", "application/json")]
    [InlineData("anything", "text/plain")]
    [InlineData("a=1", "application/x-www-form-urlencoded")]
    [InlineData("", null)]
    public async Task Cut_ignores_its_body_whatever_it_is(string text, string? contentType)
    {
        var (status, _, body) = await PostAsync("/api/cuts", text, contentType);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.StartsWith("cut:", body.GetProperty("cut_id").GetString(), StringComparison.Ordinal);
    }
}
