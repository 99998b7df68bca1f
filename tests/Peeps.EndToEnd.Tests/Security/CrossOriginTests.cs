using System.Net;
using System.Text;
using System.Text.Json;

namespace Peeps.EndToEnd.Tests.Security;

/// <summary>
/// A page from another site can make the browser send simple requests (form posts, no-cors or text/plain fetches)
/// and cannot be stopped by CORS, which only hides the answer; the browser marks them with <c>Origin</c>. Real HTTP
/// requests carrying the headers a browser would send.
/// </summary>
public sealed class CrossOriginTests(CrossOriginTests.Server fixture) : IClassFixture<CrossOriginTests.Server>
{
    public sealed class Server : IAsyncLifetime
    {
        public PeepsServer Peeps { get; private set; } = null!;

        public async Task InitializeAsync() => Peeps = await PeepsServer.StartAsync();

        public Task DisposeAsync() => Peeps.DisposeAsync().AsTask();
    }

    private static async Task<(HttpStatusCode Status, string? MediaType, string Body)> SendAsync(
        PeepsServer server, HttpMethod method, string path, string? origin, HttpContent? content = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        if (origin is not null) request.Headers.Add("Origin", origin);
        using var response = await server.Http.SendAsync(request);
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync());
    }

    private static HttpContent Text(string body, string mediaType) => new StringContent(body, Encoding.UTF8, mediaType);

    private string Own => $"http://127.0.0.1:{fixture.Peeps.HttpBase.Port}";

    /// <summary>Every route and the kinds of body a page can send without a preflight, and some it cannot.</summary>
    public static TheoryData<string, string, string?, string?> Requests => new()
    {
        { "POST", "/api/cuts", "{}", "text/plain" },
        { "POST", "/api/cuts", "a=1", "application/x-www-form-urlencoded" },
        { "POST", "/api/cuts", "--b\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--b--\r\n", "multipart/form-data; boundary=b" },
        { "POST", "/api/cuts", null, null },
        { "POST", "/api/snapshot", "{}", "text/plain" },
        { "POST", "/api/snapshot", "{}", "application/json" },
        { "POST", "/api/sql", """{"sql":"select * from connections"}""", "text/plain" },
        { "POST", "/api/query", """{"name":"blockers"}""", "application/x-www-form-urlencoded" },
        { "GET", "/api/connections", null, null },
        { "GET", "/api/connections/stream", null, null },
        { "GET", "/api/cuts/cut:1", null, null },
        { "GET", "/api/snapshots", null, null },
        { "GET", "/api/streams", null, null },
        { "GET", "/metrics", null, null },
        { "GET", "/openapi/v1.json", null, null },
        { "GET", "/", null, null },
        { "GET", "/js/main.js", null, null },
        { "OPTIONS", "/api/sql", null, null },
        { "PUT", "/api/cuts", "{}", "text/plain" },
        { "DELETE", "/api/cuts/cut:1", null, null },
    };

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task A_request_from_another_origin_is_a_403_problem_whatever_its_method_route_and_body(string method, string path, string? body, string? mediaType)
    {
        var content = body is null ? null : new StringContent(body, Encoding.UTF8);
        if (content is not null) content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(mediaType!);

        var (status, contentType, text) = await SendAsync(fixture.Peeps, new HttpMethod(method), path, "http://evil.example", content);

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("application/problem+json", contentType);
        var error = JsonDocument.Parse(text).RootElement.GetProperty("error").GetString()!;
        Assert.Contains("cross-origin request refused", error, StringComparison.Ordinal);
        Assert.Contains("'http://evil.example'", error, StringComparison.Ordinal);
        Assert.Contains("Peeps:AllowedOrigins", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://evil.example")]
    [InlineData("null")]
    [InlineData("http://127.0.0.1:1")]
    [InlineData("https://127.0.0.1:{port}")]
    [InlineData("http://localhost:{port}")]
    public async Task Refused_cuts_and_snapshots_write_no_row(string origin)
    {
        origin = origin.Replace("{port}", fixture.Peeps.HttpBase.Port.ToString());
        var before = await CoordinationRows.CountAsync(fixture.Peeps);

        var cut = await SendAsync(fixture.Peeps, HttpMethod.Post, "/api/cuts", origin, Text("{}", "text/plain"));
        var snapshot = await SendAsync(fixture.Peeps, HttpMethod.Post, "/api/snapshot", origin, Text("a=1", "application/x-www-form-urlencoded"));

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (cut.Status, snapshot.Status));
        Assert.Equal(before.PlusOneEach(), await CoordinationRows.AfterAcceptedRequestsAsync(fixture.Peeps, before));
    }

    [Fact]
    public async Task The_servers_own_origin_is_served_as_the_console_needs()
    {
        var cut = await SendAsync(fixture.Peeps, HttpMethod.Post, "/api/cuts", Own, Text("{}", "application/json"));
        var sql = await SendAsync(fixture.Peeps, HttpMethod.Post, "/api/sql", Own.ToUpperInvariant(), Text("""{"sql":"select 1"}""", "application/json"));

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (cut.Status, sql.Status));
    }

    [Fact]
    public async Task Requests_without_an_origin_are_unaffected()
    {
        var cut = await SendAsync(fixture.Peeps, HttpMethod.Post, "/api/cuts", null, Text("{}", "text/plain"));

        Assert.Equal(HttpStatusCode.OK, cut.Status);
    }

    [Fact]
    public async Task Health_answers_any_origin()
    {
        var (status, _, body) = await SendAsync(fixture.Peeps, HttpMethod.Get, "/health", "http://evil.example");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("ok", body);
    }

    [Fact]
    public async Task Configured_origins_are_served_exactly()
    {
        await using var server = await PeepsServer.StartAsync(settings: ["Peeps:AllowedOrigins:0=https://console.example"]);

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(server, HttpMethod.Get, "/api/connections", "https://console.example")).Status);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(server, HttpMethod.Get, "/api/connections", "https://CONSOLE.example:443")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(server, HttpMethod.Get, "/api/connections", "http://console.example")).Status);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(server, HttpMethod.Get, "/api/connections", "https://console.example:8443")).Status);
    }

    [Theory]
    [InlineData("console.example")]
    [InlineData("ftp://console.example")]
    [InlineData("https://console.example/path")]
    public async Task A_malformed_origin_stops_the_server_naming_the_setting(string origin)
    {
        var failure = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(
            () => PeepsServer.StartAsync(settings: [$"Peeps:AllowedOrigins:0={origin}"]));

        Assert.Contains("Peeps:AllowedOrigins", failure.Message, StringComparison.Ordinal);
    }
}
