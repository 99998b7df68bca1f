using System.Text.Json;
using System.Text.RegularExpressions;
using static Microsoft.Playwright.Assertions;

namespace Peeps.Console.Tests;

[Collection(ConsoleCollection.Name)]
public sealed class InspectorTests(ConsoleFixture fixture)
{
    [Fact]
    public async Task Inspector_shows_the_entity_meta_and_an_incident_edge_jumps_to_the_node_at_its_other_end()
    {
        await using var console = await ConsolePage.OpenAsync(fixture);
        await console.TakeSnapshotAsync();

        await console.Node(EntityStatesRuntime.RequestName, "request").ClickAsync();

        var meta = console.Inspector.Locator("h4:text-is(\"Meta\") + pre");
        await Expect(meta).ToBeVisibleAsync();
        Assert.True(JsonElement.DeepEquals(
            JsonDocument.Parse(EntityStatesRuntime.RequestMeta).RootElement,
            JsonDocument.Parse(await meta.TextContentAsync() ?? "").RootElement), $"meta shown: {await meta.TextContentAsync()}");

        await console.Node(SaturatedRuntime.ChannelName, "channel_tx").ClickAsync();
        await Expect(console.Inspector.Locator("h3")).ToHaveTextAsync(SaturatedRuntime.ChannelName);

        await console.Inspector.Locator($".incident-edges button:text-is(\"{SaturatedRuntime.SenderName}\")").ClickAsync();

        await Expect(console.Inspector.Locator("h3")).ToHaveTextAsync(SaturatedRuntime.SenderName);
        await Expect(console.Inspector.Locator(".incident-edges li")).ToHaveTextAsync([$"→ needs {SaturatedRuntime.ChannelName}"]);
        await Expect(console.Page.Locator("#graph-stage svg g.node.selected")).ToHaveAttributeAsync("data-name", SaturatedRuntime.SenderName);
        await Expect(console.Node(SaturatedRuntime.ChannelName, "channel_tx")).Not.ToHaveClassAsync(new Regex(@"\bselected\b"));
        console.AssertStayedLocalAndQuiet();
    }

    [Fact]
    public async Task Layered_layout_puts_every_channel_link_source_left_of_its_target()
    {
        await using var console = await ConsolePage.OpenAsync(fixture);
        var snapshot = await console.TakeSnapshotAsync();

        var links = console.Page.Locator("#graph-stage svg g.edge.kind-channel_link");
        var pairs = await links.EvaluateAllAsync<double[][]>("""
            edges => edges.map((edge) => {
              const box = (key) => document.querySelector(`#graph-stage svg g.node[data-key="${CSS.escape(key)}"]`).getBoundingClientRect();
              const src = box(edge.dataset.src);
              const dst = box(edge.dataset.dst);
              return [src.right, dst.left];
            })
            """);

        // At least the hand-driven channels (saturated, and the closed and near-full ones); the simulator adds more.
        Assert.True(pairs.Length >= 3, $"{pairs.Length} channel links drawn");
        Assert.All(pairs, pair => Assert.True(pair[0] < pair[1], $"source ends at x={pair[0]}, target starts at x={pair[1]}"));
        Assert.Contains(SnapshotJson.ProcessId(snapshot, SaturatedRuntime.ProcessName) + "/tx1",
            await links.EvaluateAllAsync<string[]>("edges => edges.map(e => e.dataset.src)"));
        console.AssertStayedLocalAndQuiet();
    }
}
