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
}
