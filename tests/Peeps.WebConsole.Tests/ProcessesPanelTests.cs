using System.Text.RegularExpressions;
using static Microsoft.Playwright.Assertions;

namespace Peeps.WebConsole.Tests;

[Collection(ConsoleCollection.Name)]
public sealed class ProcessesPanelTests(ConsoleFixture fixture)
{
    [Fact]
    public async Task Lists_every_connected_process_with_name_pid_and_conn_id()
    {
        await using var console = await ConsolePage.OpenAsync(fixture);
        var items = console.Page.Locator("#process-list li");

        await Expect(items).ToHaveCountAsync(fixture.ConnectedProcesses);
        foreach (var runtime in fixture.Simulation.Runtimes)
        {
            var item = console.Page.Locator($"#process-list li[data-pid=\"{runtime.Pid}\"]");
            await Expect(item).ToContainTextAsync(runtime.Name);
            await Expect(item).ToContainTextAsync($"pid {runtime.Pid}");
            await Expect(item).ToContainTextAsync(new Regex(@"conn \d+"));
        }
        await Expect(console.Page.Locator("#process-list")).ToContainTextAsync(SaturatedRuntime.ProcessName);
        console.AssertStayedLocalAndQuiet();
    }

    [Fact]
    public async Task A_process_that_connects_or_disconnects_shows_up_over_server_sent_events_without_any_polling()
    {
        await using var console = await ConsolePage.OpenAsync(fixture);
        var status = console.Page.Locator("#live-status");
        await Expect(status).ToHaveTextAsync("live");
        await Expect(status).ToHaveAttributeAsync("class", "live-status live");
        var lateJoiner = console.Page.Locator("#process-list li[data-pid=\"88001\"]");

        using (var client = fixture.Server.Connect())
        {
            await client.HandshakeAsync("late-joiner", 88001);
            await Expect(lateJoiner).ToContainTextAsync("late-joiner");
        }

        await Expect(lateJoiner).ToHaveCountAsync(0);
        await Expect(status).ToHaveTextAsync("live");
        await Expect(status).ToHaveAttributeAsync("class", "live-status live");
        // Both changes came over the one stream: a fallback poll would show up here even if the stream recovered.
        var requests = console.Requests;
        Assert.Single(requests, r => r == new PageRequest("GET", "/api/connections/stream"));
        Assert.DoesNotContain(requests, r => r.Path == "/api/connections");
        console.AssertStayedLocalAndQuiet();
    }

    [Fact]
    public async Task A_process_that_reconnects_is_listed_once_and_marked_with_its_earlier_connection()
    {
        await using var console = await ConsolePage.OpenAsync(fixture);
        var item = console.Page.Locator("#process-list li[data-pid=\"88002\"]");

        using (var first = fixture.Server.Connect())
        {
            await first.HandshakeAsync("flapper", 88002);
            await Expect(item).ToContainTextAsync("flapper");
            await Expect(item.Locator(".reconnected")).ToHaveCountAsync(0);
        }
        await Expect(item).ToHaveCountAsync(0);
        // One process only once its first connection is recorded closed: two open at once are never one process.
        var firstConnId = await Eventually.Until(
            () => fixture.Server.CountAsync("select coalesce(max(conn_id), 0) from connections where pid = 88002 and disconnected_at_ns is not null"),
            id => id > 0, what: "the first connection recorded closed");

        using var second = fixture.Server.Connect();
        await second.HandshakeAsync("flapper", 88002);

        await Expect(item).ToHaveCountAsync(1);
        await Expect(item.Locator(".reconnected")).ToHaveTextAsync("reconnected 1×");
        await Expect(item.Locator(".reconnected")).ToHaveAttributeAsync("title", new Regex($@"conn {firstConnId}\b"));
        console.AssertStayedLocalAndQuiet();
    }
}
