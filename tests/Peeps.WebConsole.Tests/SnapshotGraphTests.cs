using System.Text.RegularExpressions;
using static Microsoft.Playwright.Assertions;

namespace Peeps.WebConsole.Tests;

[Collection(ConsoleCollection.Name)]
public sealed class SnapshotGraphTests(ConsoleFixture fixture)
{
    [Fact]
    public async Task Snapshot_draws_one_node_per_entity_in_one_cluster_per_process()
    {
        await using var console = await ConsolePage.OpenAsync(fixture);

        var snapshot = await console.TakeSnapshotAsync();

        var processes = snapshot.GetProperty("processes").EnumerateArray().ToList();
        Assert.Equal(fixture.ConnectedProcesses - 1, processes.Count);
        await Expect(console.Nodes).ToHaveCountAsync(SnapshotJson.EntityCount(snapshot));
        await Expect(console.Page.Locator("#graph-stage svg g.cluster")).ToHaveCountAsync(processes.Count);
        await Expect(console.Page.Locator("#graph-stage svg g.cluster")).ToContainTextAsync([.. processes.Select(p => p.GetProperty("process_name").GetString()!)]);
        await Expect(console.Page.Locator("#entity-total")).ToHaveTextAsync($"{SnapshotJson.EntityCount(snapshot)} entities");
        await Screenshots.SaveAsync(console.Page, "snapshot-graph");
        console.AssertStayedLocalAndQuiet();
    }

    [Fact]
    public async Task Channel_at_capacity_is_highlighted_with_its_fill()
    {
        await using var console = await ConsolePage.OpenAsync(fixture);
        await console.TakeSnapshotAsync();

        var channelEnds = console.Node(SaturatedRuntime.ChannelName);
        await Expect(channelEnds).ToHaveCountAsync(2);
        for (var i = 0; i < 2; i++)
        {
            await Expect(channelEnds.Nth(i)).ToHaveClassAsync(new Regex(@"\blevel-full\b"));
            await Expect(channelEnds.Nth(i).Locator("text.state")).ToContainTextAsync($"{SaturatedRuntime.Capacity}/{SaturatedRuntime.Capacity}");
        }
        console.AssertStayedLocalAndQuiet();
    }

    [Fact]
    public async Task Silent_process_is_listed_as_timed_out_with_its_pid()
    {
        await using var console = await ConsolePage.OpenAsync(fixture);
        var silent = fixture.SilentRuntime;

        var snapshot = await console.TakeSnapshotAsync();

        Assert.Contains(snapshot.GetProperty("timed_out_processes").EnumerateArray(), p => p.GetProperty("pid").GetUInt32() == silent.Pid);
        var entry = console.Page.Locator($"#timed-out li[data-pid=\"{silent.Pid}\"]");
        await Expect(console.Page.Locator("#timed-out")).ToBeVisibleAsync();
        await Expect(console.Page.Locator("#timed-out h3").First).ToContainTextAsync("did not reply");
        await Expect(entry).ToContainTextAsync(silent.Name);
        await Expect(entry).ToContainTextAsync($"pid {silent.Pid}");
        await Expect(console.Page.Locator($"#graph-stage svg g.cluster:has-text(\"{silent.Name}\")")).ToHaveCountAsync(0);
        console.AssertStayedLocalAndQuiet();
    }

    [Fact]
    public async Task Selecting_a_node_shows_its_details_and_focus_keeps_only_its_neighbours()
    {
        await using var console = await ConsolePage.OpenAsync(fixture);
        await console.TakeSnapshotAsync();
        var sender = console.Page.Locator($"#graph-stage svg g.node[data-kind=\"channel_tx\"][data-name=\"{SaturatedRuntime.ChannelName}\"]");

        await sender.ClickAsync();

        var inspector = console.Page.Locator("#inspector");
        await Expect(inspector).ToBeVisibleAsync();
        await Expect(inspector.Locator("h3")).ToHaveTextAsync(SaturatedRuntime.ChannelName);
        await Expect(inspector).ToContainTextAsync($"{SaturatedRuntime.ProcessName} (pid {SaturatedRuntime.Pid}");
        await Expect(inspector).ToContainTextAsync("src/lib.rs:10");
        await Expect(inspector).ToContainTextAsync("200 ms after process start");
        await Expect(inspector).ToContainTextAsync("details.mpsc.buffer.occupancy");
        await Expect(inspector.Locator(".incident-edges li")).ToHaveCountAsync(2);
        await Expect(inspector.Locator(".incident-edges")).ToContainTextAsync("← needs from mpsc.send");
        await Expect(inspector.Locator(".incident-edges")).ToContainTextAsync("→ channel_link");

        await console.Page.ClickAsync("#focus-toggle");

        await Expect(console.Page.Locator("#graph-stage svg g.node:not(.out-of-focus)")).ToHaveCountAsync(3);
        await Screenshots.SaveAsync(console.Page, "inspector-focus");
        console.AssertStayedLocalAndQuiet();
    }

    [Fact]
    public async Task Filtering_by_kind_and_process_dims_every_other_node()
    {
        await using var console = await ConsolePage.OpenAsync(fixture);
        await console.TakeSnapshotAsync();
        var undimmed = console.Page.Locator("#graph-stage svg g.node:not(.dimmed)");

        await console.Page.SelectOptionAsync("#filter-kind", "channel_tx");

        var kinds = await undimmed.EvaluateAllAsync<string[]>("nodes => nodes.map(n => n.dataset.kind)");
        Assert.NotEmpty(kinds);
        Assert.All(kinds, kind => Assert.Equal("channel_tx", kind));
        await Expect(console.Page.Locator("#filter-count")).ToContainTextAsync($"{kinds.Length} of");

        await console.Page.SelectOptionAsync("#filter-process", new Microsoft.Playwright.SelectOptionValue { Label = $"{SaturatedRuntime.ProcessName} (pid {SaturatedRuntime.Pid})" });

        await Expect(undimmed).ToHaveCountAsync(1);
        await Expect(undimmed).ToHaveAttributeAsync("data-name", SaturatedRuntime.ChannelName);

        await console.Page.SelectOptionAsync("#filter-kind", "");
        await console.Page.SelectOptionAsync("#filter-process", "");
        await console.Page.FillAsync("#filter-text", "saturated.");

        await Expect(undimmed).ToHaveCountAsync(2);
        console.AssertStayedLocalAndQuiet();
    }
}
