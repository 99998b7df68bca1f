namespace Peeps.EndToEnd.Tests.Security;

/// <summary>The console's pages, its scripts and the API answers carry the headers that keep other pages out.</summary>
public sealed class SecurityHeadersTests : IAsyncLifetime
{
    private PeepsServer _server = null!;

    public async Task InitializeAsync() => _server = await PeepsServer.StartAsync();

    public Task DisposeAsync() => _server.DisposeAsync().AsTask();

    [Theory]
    [InlineData("GET", "/")]
    [InlineData("GET", "/js/main.js")]
    [InlineData("GET", "/api/connections")]
    [InlineData("POST", "/api/sql")]
    [InlineData("GET", "/api/cuts/cut:404")]
    public async Task Every_answer_forbids_inline_script_framing_sniffing_and_referrers(string method, string path)
    {
        using var response = await _server.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        var csp = string.Join(",", response.Headers.GetValues("Content-Security-Policy"));
        var directives = csp.Split(';', StringSplitOptions.TrimEntries).ToDictionary(d => d.Split(' ')[0], d => d);
        Assert.Equal("script-src 'self'", directives["script-src"]);
        Assert.Equal("frame-ancestors 'none'", directives["frame-ancestors"]);
        Assert.Equal("default-src 'self'", directives["default-src"]);
        Assert.Equal("object-src 'none'", directives["object-src"]);
        Assert.Equal(["nosniff"], response.Headers.GetValues("X-Content-Type-Options"));
        Assert.Equal(["no-referrer"], response.Headers.GetValues("Referrer-Policy"));
    }
}
