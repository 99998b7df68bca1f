using System.Text.Json;
using Microsoft.Playwright;

namespace Peeps.WebConsole.Tests;

/// <summary>
/// Pages from other sites, in a real Chromium, try every way a page can reach the server: a simple-request
/// <c>fetch</c>, a no-cors <c>fetch</c>, a form post, and DNS rebinding (a page whose own name resolves to
/// 127.0.0.1, so its requests to the server are same-origin to the browser). Each is refused and writes no cut
/// and no snapshot row.
/// </summary>
public sealed class CrossSiteTests(CrossSiteTests.Fixture fixture) : IClassFixture<CrossSiteTests.Fixture>
{
    private const string AttackerSite = "http://attacker.example";
    private const string RebindingName = "rebind.example";

    /// <summary>
    /// One server and one Chromium whose resolver sends the rebinding name to 127.0.0.1, as the attacker's DNS
    /// would. Chromium's own Local Network Access checks are off: they would block some of these requests before
    /// they reach the server, and then the tests would prove nothing about the server's defences.
    /// </summary>
    public sealed class Fixture : IAsyncLifetime
    {
        private IPlaywright? _playwright;

        public PeepsServer Server { get; private set; } = null!;
        public IBrowser Browser { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            (_playwright, Browser) = await ChromiumBrowser.LaunchAsync(
                $"--host-resolver-rules=MAP {RebindingName} 127.0.0.1",
                "--disable-features=LocalNetworkAccessChecks,PrivateNetworkAccessSendPreflights,PrivateNetworkAccessRespectPreflightResults,BlockInsecurePrivateNetworkRequests");
            Server = await PeepsServer.StartAsync();
        }

        public async Task DisposeAsync()
        {
            if (Browser is not null) await Browser.CloseAsync();
            _playwright?.Dispose();
            if (Server is not null) await Server.DisposeAsync();
        }
    }

    private string ServerUrl => fixture.Server.HttpBase.ToString().TrimEnd('/');

    /// <summary>A fresh context showing <paramref name="html"/> at <paramref name="url"/>, as the attacker's own server would serve it.</summary>
    private async Task<(IBrowserContext Context, IPage Page)> OpenAttackPageAsync(string url, string html)
    {
        var context = await fixture.Browser.NewContextAsync();
        await context.RouteAsync(url, route => route.FulfillAsync(new RouteFulfillOptions { ContentType = "text/html", Body = html }));
        var page = await context.NewPageAsync();
        await page.GotoAsync(url);
        return (context, page);
    }

    /// <summary>Runs <paramref name="attack"/> and returns the status the server answered to the request it caused.</summary>
    private static async Task<int> StatusOfAsync(IPage page, string path, Func<Task> attack)
    {
        var response = await page.RunAndWaitForResponseAsync(attack, r => new Uri(r.Url).AbsolutePath == path && r.Request.Method == "POST");
        return response.Status;
    }

    private async Task AssertNothingWrittenSinceAsync(CoordinationRows before) =>
        Assert.Equal(before.PlusOneEach(), await CoordinationRows.AfterAcceptedRequestsAsync(fixture.Server, before));

    /// <summary>
    /// A cors-mode fetch: the browser sends it (text/plain keeps it "simple", so there is no preflight to fail) and
    /// then hides the answer from the page, so only the rows show whether the server acted on it.
    /// </summary>
    [Fact]
    public async Task A_fetch_from_another_site_is_sent_by_the_browser_but_writes_nothing()
    {
        var before = await CoordinationRows.CountAsync(fixture.Server);
        var (context, page) = await OpenAttackPageAsync($"{AttackerSite}/fetch.html", "<!doctype html><title>attacker</title>");
        await using var _ = context;

        var sent = new List<string>();
        page.Request += (_, request) => { lock (sent) sent.Add(new Uri(request.Url).AbsolutePath); };
        var outcomes = await page.EvaluateAsync<string[]>(
            """
            async (server) => Promise.all(['/api/cuts', '/api/snapshot'].map(path =>
              fetch(server + path, { method: 'POST', body: '{}', headers: { 'Content-Type': 'text/plain' } })
                .then(r => 'read ' + r.status, e => e.name)))
            """,
            ServerUrl);

        Assert.Equal(["TypeError", "TypeError"], outcomes);
        lock (sent) Assert.Equal(["/api/cuts", "/api/snapshot"], sent.Where(p => p.StartsWith("/api/", StringComparison.Ordinal)).Order());
        await AssertNothingWrittenSinceAsync(before);
    }

    [Fact]
    public async Task A_no_cors_fetch_from_another_site_is_refused_and_writes_nothing()
    {
        var before = await CoordinationRows.CountAsync(fixture.Server);
        var (context, page) = await OpenAttackPageAsync($"{AttackerSite}/fetch.html", "<!doctype html><title>attacker</title>");
        await using var _ = context;

        var statuses = new List<int>();
        foreach (var path in new[] { "/api/cuts", "/api/snapshot" })
        {
            statuses.Add(await StatusOfAsync(page, path, () => page.EvaluateAsync(
                "async (url) => { await fetch(url, { method: 'POST', mode: 'no-cors', body: '{}' }); }",
                ServerUrl + path)));
        }

        Assert.Equal([403, 403], statuses);
        await AssertNothingWrittenSinceAsync(before);
    }

    [Theory]
    [InlineData("/api/cuts", "application/x-www-form-urlencoded")]
    [InlineData("/api/cuts", "text/plain")]
    [InlineData("/api/snapshot", "text/plain")]
    public async Task A_form_post_from_another_site_is_refused_and_writes_nothing(string path, string enctype)
    {
        var before = await CoordinationRows.CountAsync(fixture.Server);
        var form = $"""
            <!doctype html><title>attacker</title>
            <form method="post" action="{ServerUrl}{path}" enctype="{enctype}"><input name='{"{"}"timeout_ms":100,"x":"' value='"{"}"}'></form>
            """;
        var (context, page) = await OpenAttackPageAsync($"{AttackerSite}/form.html", form);
        await using var _ = context;

        var status = await StatusOfAsync(page, path, () => page.EvaluateAsync("document.forms[0].submit()"));

        Assert.Equal(403, status);
        await AssertNothingWrittenSinceAsync(before);
    }

    [Fact]
    public async Task A_rebinding_page_under_a_foreign_host_reads_nothing_and_writes_nothing()
    {
        var before = await CoordinationRows.CountAsync(fixture.Server);
        var pageUrl = $"http://{RebindingName}:{fixture.Server.HttpBase.Port}/";
        var (context, page) = await OpenAttackPageAsync(pageUrl, "<!doctype html><title>attacker</title>");
        await using var _ = context;

        // Same-origin to the browser: the page may read the answers, so only the server can refuse.
        var answers = await page.EvaluateAsync<JsonElement>("""
            async () => {
              const post = async (path, body) => {
                const response = await fetch(path, { method: 'POST', body, headers: { 'Content-Type': 'application/json' } });
                return { path, status: response.status, body: await response.text() };
              };
              return [
                await post('/api/sql', JSON.stringify({ sql: 'select process_name from connections' })),
                await post('/api/cuts', '{}'),
                await post('/api/snapshot', '{"timeout_ms":100}'),
                await fetch('/api/connections').then(async r => ({ path: '/api/connections', status: r.status, body: await r.text() })),
              ];
            }
            """);

        foreach (var answer in answers.EnumerateArray())
        {
            Assert.Equal(400, answer.GetProperty("status").GetInt32());
            var error = JsonDocument.Parse(answer.GetProperty("body").GetString()!).RootElement.GetProperty("error").GetString();
            Assert.Contains($"'{RebindingName}'", error, StringComparison.Ordinal);
        }
        Assert.Equal(4, answers.GetArrayLength());
        await AssertNothingWrittenSinceAsync(before);
    }
}
