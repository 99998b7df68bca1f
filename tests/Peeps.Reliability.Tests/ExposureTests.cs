using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Peeps.Reliability.Tests.Support;
using Peeps.Web;
using Peeps.Web.Security;

namespace Peeps.Reliability.Tests;

/// <summary>Binding beyond loopback needs an API key or the explicit switch; the key guards /api; bodies are capped.</summary>
public sealed class ExposureTests
{
    [Theory]
    [InlineData("Peeps:Http=0.0.0.0:0", "HTTP API on 0.0.0.0")]
    [InlineData("Peeps:Listen=0.0.0.0:0", "TCP ingest on 0.0.0.0")]
    [InlineData("Peeps:Http=[::]:0", "HTTP API on [::]:0")]
    [InlineData("Peeps:Listen=[::]:0", "TCP ingest on [::]:0")]
    public void Binding_beyond_loopback_without_a_key_or_the_switch_refuses_to_start(string binding, string named)
    {
        using var folder = new DatabaseFolder();
        var refused = Assert.Throws<ExposureRefusedException>(() => PeepsApp.Build(
            ["--Peeps:Http=127.0.0.1:0", "--Peeps:Listen=127.0.0.1:0", $"--Peeps:Db={folder.DbPath}", $"--{binding}"]));

        Assert.Contains(named, refused.Message);
        Assert.Contains("Peeps:ApiKey", refused.Message);
        Assert.Contains("Peeps:AllowOpen=true", refused.Message);
    }

    [Fact]
    public async Task The_server_process_exits_with_the_message_when_binding_beyond_loopback_unauthenticated()
    {
        using var folder = new DatabaseFolder();
        var output = await ServerProcess.RefusedToStartAsync(folder.DbPath, TimeSpan.FromSeconds(30), "Peeps:Http=0.0.0.0:0");

        Assert.Contains("refusing to start", output);
    }

    [Fact]
    public async Task At_start_the_server_says_where_its_console_is_and_what_a_rust_process_needs()
    {
        var (httpPort, ingestPort) = (FreePort.Next(), FreePort.Next());
        using var folder = new DatabaseFolder();
        await using var server = ServerProcess.Launch(folder.DbPath, httpPort, ingestPort);
        await server.WaitHealthyAsync(TimeSpan.FromSeconds(30));

        await Eventually.Until(() => Task.FromResult(server.Output), output => output.Contains("PEEPS_DASHBOARD="), TimeSpan.FromSeconds(10), "the usage lines");
        Assert.Contains($"peeps-web console: http://127.0.0.1:{httpPort}/", server.Output);
        Assert.Contains($"start it with PEEPS_DASHBOARD=127.0.0.1:{ingestPort}", server.Output);
    }

    [Fact]
    public async Task With_the_explicit_switch_an_open_server_starts_and_logs_a_warning()
    {
        var httpPort = FreePort.Next();
        using var folder = new DatabaseFolder();
        await using var server = ServerProcess.Launch(folder.DbPath, httpPort, FreePort.Next(),
            $"Peeps:Http=0.0.0.0:{httpPort}", "Peeps:AllowOpen=true");
        await server.WaitHealthyAsync(TimeSpan.FromSeconds(30));

        using var response = await server.Http.GetAsync("/api/connections");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("OPEN beyond loopback", server.Output);
    }

    [Fact]
    public async Task With_an_api_key_api_routes_need_the_bearer_and_health_stays_open()
    {
        await using var server = await PeepsServer.StartAsync(settings: ["Peeps:Http=0.0.0.0:0", "Peeps:ApiKey=s3cret-key"]);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.HttpBase.Port}") };

        using var none = await http.GetAsync("/api/connections");
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal("application/problem+json", none.Content.Headers.ContentType!.MediaType);
        Assert.Contains("API key", (await none.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        Assert.Equal("Bearer", none.Headers.WwwAuthenticate.Single().Scheme);

        using var wrong = await Send(http, HttpMethod.Post, "/api/sql", "s3cret-kez", """{"sql":"select 1"}""");
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        using var metrics = await http.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.Unauthorized, metrics.StatusCode);

        using var right = await Send(http, HttpMethod.Post, "/api/sql", "s3cret-key", """{"sql":"select 1"}""");
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        using var health = await http.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    /// <summary>
    /// The key is checked on the path as Kestrel hands it over, before routing; routing is case-insensitive, takes a
    /// trailing slash and decodes escapes of unreserved characters, so every spelling that reaches a handler with
    /// the key must be refused without it. Requests go out as raw bytes so that no client library normalizes the path.
    /// </summary>
    [Theory]
    [InlineData("GET", "/api/connections/stream", true)]
    [InlineData("GET", "/api/streams", true)]
    [InlineData("GET", "/api/streams/", true)]
    [InlineData("POST", "/API/sql", true)]
    [InlineData("POST", "/Api/Sql", true)]
    [InlineData("POST", "/api/sql/", true)]
    [InlineData("POST", "/%61pi/sql", true)]
    [InlineData("POST", "/api%2Fsql", false)]
    [InlineData("POST", "/api%2fsql/", false)]
    [InlineData("POST", "//api/sql", false)]
    [InlineData("GET", "/METRICS", true)]
    public async Task With_an_api_key_every_spelling_of_a_protected_path_that_reaches_a_handler_needs_the_bearer(string method, string path, bool reachesHandler)
    {
        await using var server = await PeepsServer.StartAsync(settings: ["Peeps:ApiKey=s3cret-key"]);

        var withKey = await RawStatusAsync(server, method, path, "s3cret-key");
        var withoutKey = await RawStatusAsync(server, method, path, key: null);

        // The expectation of whether a handler answers keeps the case honest: a spelling that no longer routes would
        // otherwise pass by being a 404 either way.
        Assert.Equal(reachesHandler, withKey is >= 200 and < 300);
        if (reachesHandler)
            Assert.Equal(401, withoutKey);
        else
            Assert.Equal(withKey, withoutKey);
    }

    /// <summary>Sends one request and returns the status code of the response's first line (an event stream never ends).</summary>
    private static async Task<int> RawStatusAsync(PeepsServer server, string method, string path, string? key)
    {
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, server.HttpBase.Port);
        var stream = client.GetStream();
        var body = method == "POST" ? """{"sql":"select 1"}""" : "";
        var request = $"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
            + (key is null ? "" : $"Authorization: Bearer {key}\r\n")
            + (method == "POST" ? $"Content-Type: application/json\r\nContent-Length: {body.Length}\r\n" : "")
            + $"\r\n{body}";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var statusLine = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10));
        return int.Parse(statusLine!.Split(' ')[1]);
    }

    [Theory]
    [InlineData("/api/sql")]
    [InlineData("/api/query")]
    [InlineData("/api/cuts")]
    [InlineData("/api/snapshot")]
    public async Task A_body_over_the_limit_is_a_413_problem_on_every_endpoint(string path)
    {
        await using var server = await PeepsServer.StartAsync(settings: ["Peeps:MaxRequestBodyBytes=4096"]);
        var oversized = JsonSerializer.Serialize(new { sql = "select '" + new string('x', 5000) + "'" });

        using var response = await server.Http.PostAsync(path, new StringContent(oversized, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("over the limit", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        Assert.Equal(0, await server.CountAsync("select count(*) from cuts"));
    }

    [Fact]
    public async Task A_chunked_body_over_the_limit_is_cut_by_kestrel_with_a_413_problem()
    {
        await using var server = await PeepsServer.StartAsync(settings: ["Peeps:MaxRequestBodyBytes=4096"]);
        var oversized = JsonSerializer.Serialize(new { sql = "select '" + new string('x', 5000) + "'" });
        using var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(oversized)));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/sql") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await server.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
    }

    private static Task<HttpResponseMessage> Send(HttpClient http, HttpMethod method, string path, string key, string json)
    {
        var request = new HttpRequestMessage(method, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return http.SendAsync(request);
    }
}
