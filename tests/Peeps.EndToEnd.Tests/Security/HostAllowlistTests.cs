using System.Net;
using System.Text.Json;
using Peeps.Web.Configuration;
using Peeps.Web.Security;

namespace Peeps.EndToEnd.Tests.Security;

/// <summary>
/// A DNS-rebinding page reaches a loopback server under its own name; only the Host header gives it away. Real
/// requests over HTTP with the Host a browser would send.
/// </summary>
public sealed class HostAllowlistTests(HostAllowlistTests.Server fixture) : IClassFixture<HostAllowlistTests.Server>
{
    public sealed class Server : IAsyncLifetime
    {
        public PeepsServer Peeps { get; private set; } = null!;

        public async Task InitializeAsync() => Peeps = await PeepsServer.StartAsync();

        public Task DisposeAsync() => Peeps.DisposeAsync().AsTask();
    }

    private static Task<(HttpStatusCode Status, string? MediaType, string Body)> SendAsync(
        PeepsServer server, HttpMethod method, string path, string host, string? json = null) =>
        SendAsync(server.Http, method, path, host, json);

    private static async Task<(HttpStatusCode Status, string? MediaType, string Body)> SendAsync(
        HttpClient http, HttpMethod method, string path, string host, string? json = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Host = host;
        if (json is not null) request.Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        using var response = await http.SendAsync(request);
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync());
    }

    private int Port => fixture.Peeps.HttpBase.Port;

    [Theory]
    [InlineData("localhost")]
    [InlineData("LocalHost")]
    [InlineData("localhost:{port}")]
    [InlineData("127.0.0.1:{port}")]
    [InlineData("127.0.0.2")]
    [InlineData("127.255.255.254:{port}")]
    [InlineData("[::1]:{port}")]
    [InlineData("[::ffff:127.0.0.1]")]
    public async Task Loopback_names_and_addresses_are_served(string host)
    {
        var (status, _, _) = await SendAsync(fixture.Peeps, HttpMethod.Get, "/api/connections", host.Replace("{port}", Port.ToString()));

        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Theory]
    [InlineData("evil.example")]
    [InlineData("evil.example:{port}")]
    [InlineData("localhost.evil.example:{port}")]
    [InlineData("127.0.0.1.nip.io:{port}")]
    [InlineData("0.0.0.0:{port}")]
    [InlineData("192.168.1.10:{port}")]
    public async Task Any_other_host_is_a_400_problem_naming_the_setting_on_every_route(string host)
    {
        host = host.Replace("{port}", Port.ToString());
        foreach (var (method, path, json) in new (HttpMethod, string, string?)[]
                 {
                     (HttpMethod.Post, "/api/sql", """{"sql":"select * from connections"}"""),
                     (HttpMethod.Get, "/api/connections", null),
                     (HttpMethod.Get, "/", null),
                     (HttpMethod.Get, "/health", null),
                     (HttpMethod.Get, "/metrics", null),
                 })
        {
            var (status, mediaType, body) = await SendAsync(fixture.Peeps, method, path, host, json);

            Assert.Equal(HttpStatusCode.BadRequest, status);
            Assert.Equal("application/problem+json", mediaType);
            var error = JsonDocument.Parse(body).RootElement.GetProperty("error").GetString()!;
            Assert.Contains($"'{host.Split(':')[0]}'", error, StringComparison.Ordinal);
            Assert.Contains("Peeps:AllowedHosts", error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_refused_host_starts_no_cut_and_no_snapshot()
    {
        var before = await CoordinationRows.CountAsync(fixture.Peeps);

        var cut = await SendAsync(fixture.Peeps, HttpMethod.Post, "/api/cuts", $"evil.example:{Port}", "{}");
        var snapshot = await SendAsync(fixture.Peeps, HttpMethod.Post, "/api/snapshot", $"evil.example:{Port}", "{}");

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (cut.Status, snapshot.Status));
        Assert.Equal(before.PlusOneEach(), await CoordinationRows.AfterAcceptedRequestsAsync(fixture.Peeps, before));
    }

    [Fact]
    public async Task Configured_extra_names_are_served_and_others_still_refused()
    {
        await using var server = await PeepsServer.StartAsync(settings: ["Peeps:AllowedHosts:0=peeps.internal", "Peeps:AllowedHosts:1=10.1.2.3"]);

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(server, HttpMethod.Get, "/api/connections", "peeps.internal:9130")).Status);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(server, HttpMethod.Get, "/api/connections", "PEEPS.internal")).Status);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(server, HttpMethod.Get, "/api/connections", "10.1.2.3")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(server, HttpMethod.Get, "/api/connections", "evil.example")).Status);
    }

    [Fact]
    public async Task The_configured_http_address_is_served()
    {
        await using var server = await PeepsServer.StartAsync(settings: ["Peeps:Http=0.0.0.0:0", "Peeps:AllowOpen=true"]);
        // 0.0.0.0 is no address to connect to; the server listens on every address, loopback among them.
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{server.HttpBase.Port}") };

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(http, HttpMethod.Get, "/api/connections", $"0.0.0.0:{server.HttpBase.Port}")).Status);
        Assert.Equal(HttpStatusCode.BadRequest, (await SendAsync(http, HttpMethod.Get, "/api/connections", "evil.example")).Status);
    }

    [Fact]
    public async Task A_star_among_the_names_serves_any_host()
    {
        await using var server = await PeepsServer.StartAsync(settings: ["Peeps:AllowedHosts:0=*"]);

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(server, HttpMethod.Get, "/api/connections", "evil.example")).Status);
    }

    [Theory]
    [InlineData("192.0.2.10", true)]
    [InlineData("192.0.2.11", false)]
    [InlineData("peeps.example", false)]
    public void The_host_of_the_http_address_is_allowed_and_no_neighbour(string host, bool allowed)
    {
        var allowlist = new HostAllowlist(HostPort.Parse("192.0.2.10:9130", "Http"), []);

        Assert.Equal(allowed, allowlist.Allows(host));
    }

    [Theory]
    [InlineData("Peeps:AllowedHosts:0=http://peeps.example")]
    [InlineData("Peeps:AllowedHosts:0=peeps.example/x")]
    [InlineData("Peeps:AllowedHosts:0= ")]
    public async Task A_malformed_host_name_stops_the_server_naming_the_setting(string setting)
    {
        var failure = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => PeepsServer.StartAsync(settings: [setting]));

        Assert.Contains("Peeps:AllowedHosts", failure.Message, StringComparison.Ordinal);
    }
}
