using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Peeps.Console.Tests;

/// <summary>
/// The console open in a fresh browser context. Every request to a host other than loopback is aborted and
/// recorded, and every console error and page error is recorded, so a test can assert the page stayed local
/// and quiet.
/// </summary>
public sealed class ConsolePage : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    private readonly List<string> _outsideRequests = [];
    private readonly List<string> _consoleErrors = [];

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
        page.Console += (_, message) =>
        {
            if (message.Type == "error") lock (console._consoleErrors) console._consoleErrors.Add(message.Text);
        };
        page.PageError += (_, error) =>
        {
            lock (console._consoleErrors) console._consoleErrors.Add($"uncaught: {error}");
        };
        await page.GotoAsync("/" + fragment);
        return console;
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

    /// <param name="expectedErrors">Console errors the test provokes on purpose (matched by substring).</param>
    public void AssertStayedLocalAndQuiet(params string[] expectedErrors)
    {
        lock (_outsideRequests) Assert.True(_outsideRequests.Count == 0, $"requests to non-loopback hosts: {string.Join(", ", _outsideRequests)}");
        lock (_consoleErrors)
        {
            var unexpected = _consoleErrors.Where(e => !expectedErrors.Any(e.Contains)).ToList();
            Assert.True(unexpected.Count == 0, $"console errors: {string.Join(" | ", unexpected)}");
        }
    }

    public async ValueTask DisposeAsync() => await _context.CloseAsync();
}
