using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Peeps.WebConsole.Tests;

/// <summary>
/// The console open in a fresh browser context. Every request to a host other than loopback is aborted and
/// recorded, and every console error and page error is recorded, so a test can assert the page stayed local
/// and quiet. Every request the page makes is logged in order, so a test can assert what the console asked.
/// </summary>
public sealed class ConsolePage : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    private readonly List<string> _outsideRequests = [];
    private readonly List<ConsoleError> _consoleErrors = [];
    private readonly List<PageRequest> _requests = [];

    private ConsolePage(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;
    }

    public IPage Page { get; }

    public static Task<ConsolePage> OpenAsync(ConsoleFixture fixture, string fragment = "") =>
        OpenAsync(fixture.Browser, fixture.Server.HttpBase, fragment);

    public static async Task<ConsolePage> OpenAsync(IBrowser browser, Uri server, string fragment = "")
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = server.ToString(),
            ViewportSize = new ViewportSize { Width = 1400, Height = 860 },
        });
        var page = await context.NewPageAsync();
        var console = new ConsolePage(context, page);
        await context.RouteAsync("**/*", async route =>
        {
            var url = route.Request.Url;
            if (IsLocal(url))
            {
                await route.ContinueAsync();
                return;
            }
            lock (console._outsideRequests) console._outsideRequests.Add(url);
            await route.AbortAsync();
        });
        page.Request += (_, request) =>
        {
            lock (console._requests) console._requests.Add(new PageRequest(request.Method, new Uri(request.Url).AbsolutePath));
        };
        page.Console += (_, message) =>
        {
            if (message.Type == "error") lock (console._consoleErrors) console._consoleErrors.Add(new ConsoleError(message.Text, ResourcePath(message.Location)));
        };
        page.PageError += (_, error) =>
        {
            lock (console._consoleErrors) console._consoleErrors.Add(new ConsoleError($"uncaught: {error}", null));
        };
        await page.GotoAsync("/" + fragment);
        return console;
    }

    // A console message's location is "URL:line:column"; a failed request is reported at the request's URL.
    private static string? ResourcePath(string location)
    {
        var url = location;
        for (var i = 0; i < 2; i++)
        {
            var colon = url.LastIndexOf(':');
            if (colon < 0 || !url[(colon + 1)..].All(char.IsAsciiDigit)) break;
            url = url[..colon];
        }
        return Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri.AbsolutePath : null;
    }

    /// <summary>Every request the page made so far, in the order it made them.</summary>
    public IReadOnlyList<PageRequest> Requests
    {
        get
        {
            lock (_requests) return [.. _requests];
        }
    }

    private static bool IsLocal(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri)) return false;
        return uri.Scheme is "data" or "blob" || (uri.Scheme is "http" or "https" or "ws" && uri.IsLoopback);
    }

    /// <summary>Takes a snapshot with the toolbar button and returns the snapshot JSON the page received.</summary>
    public async Task<JsonElement> TakeSnapshotAsync(double waitSeconds = 1)
    {
        await Page.FillAsync("#snapshot-wait", waitSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var response = await Page.RunAndWaitForResponseAsync(
            () => Page.ClickAsync("#take-snapshot"),
            r => r.Request.Method == "POST" && new Uri(r.Url).AbsolutePath == "/api/snapshot",
            new PageRunAndWaitForResponseOptions { Timeout = 30_000 });
        Assert.True(response.Ok, $"POST /api/snapshot answered {response.Status}");
        var json = (await response.JsonAsync())!.Value;
        await Expect(Page.Locator("#graph-stage svg")).ToBeVisibleAsync();
        return json;
    }

    public ILocator Nodes => Page.Locator("#graph-stage svg g.node");

    public ILocator Node(string name) => Page.Locator($"#graph-stage svg g.node[data-name=\"{name}\"]");

    /// <summary>The node of the entity with this id, in whichever process (node keys are <c>conn_id/entity_id</c>).</summary>
    public ILocator NodeWithId(string entityId) => Page.Locator($"#graph-stage svg g.node[data-key$=\"/{entityId}\"]");

    public ILocator Node(string name, string kind) => Page.Locator($"#graph-stage svg g.node[data-name=\"{name}\"][data-kind=\"{kind}\"]");

    public ILocator Inspector => Page.Locator("#inspector");

    /// <summary>How many <c>g.node</c> are drawn, and how many of them reach outside <c>#graph-stage</c>'s box.</summary>
    public async Task<(int Nodes, int Outside)> NodesOutsideStageAsync()
    {
        var counts = await Page.EvaluateAsync<int[]>("""
            () => {
              const stage = document.getElementById("graph-stage").getBoundingClientRect();
              const nodes = [...document.querySelectorAll("#graph-stage svg g.node")];
              const outside = nodes.filter((node) => {
                const box = node.getBoundingClientRect();
                return box.left < stage.left - 0.5 || box.top < stage.top - 0.5 || box.right > stage.right + 0.5 || box.bottom > stage.bottom + 0.5;
              });
              return [nodes.length, outside.length];
            }
            """);
        return (counts[0], counts[1]);
    }

    /// <param name="expectedErrors">Console errors the test provokes on purpose (matched by substring).</param>
    public void AssertStayedLocalAndQuiet(params string[] expectedErrors) =>
        AssertStayedLocalAndQuiet(error => expectedErrors.Any(error.Text.Contains));

    /// <summary>
    /// As <see cref="AssertStayedLocalAndQuiet(string[])"/>, allowing only the error Chromium logs for a non-2xx
    /// answer to a request to <paramref name="path"/>: the test provokes that one, any other is a fault.
    /// </summary>
    public void AssertStayedLocalAndQuietExceptFailedRequestTo(string path) =>
        AssertStayedLocalAndQuiet(error => error.Path == path && error.Text.Contains("Failed to load resource", StringComparison.Ordinal));

    private void AssertStayedLocalAndQuiet(Func<ConsoleError, bool> expected)
    {
        lock (_outsideRequests) Assert.True(_outsideRequests.Count == 0, $"requests to non-loopback hosts: {string.Join(", ", _outsideRequests)}");
        lock (_consoleErrors)
        {
            var unexpected = _consoleErrors.Where(e => !expected(e)).ToList();
            Assert.True(unexpected.Count == 0, $"console errors: {string.Join(" | ", unexpected)}");
        }
    }

    public async ValueTask DisposeAsync() => await _context.CloseAsync();
}
