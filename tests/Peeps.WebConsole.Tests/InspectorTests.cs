using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Peeps.WebConsole.Tests;

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
    public async Task Opening_the_inspector_on_a_fitted_view_refits_the_graph_into_the_narrowed_stage()
    {
        await using var console = await ConsolePage.OpenAsync(fixture);
        await console.TakeSnapshotAsync();

        await console.Node(EntityStatesRuntime.RequestName, "request").ClickAsync();

        await Expect(console.Inspector).ToBeVisibleAsync();
        var (nodes, outside) = await console.NodesOutsideStageAsync();
        Assert.True(nodes > 0 && outside == 0, $"{outside} of {nodes} nodes reach outside the stage");
        var inspector = (await console.Inspector.BoundingBoxAsync())!;
        var rightmost = await console.Nodes.EvaluateAllAsync<double>("nodes => Math.max(...nodes.map(n => n.getBoundingClientRect().right))");
        Assert.True(rightmost <= inspector.X, $"a node ends at x={rightmost}, under the inspector at x={inspector.X}");
        console.AssertStayedLocalAndQuiet();
    }

    [Fact]
    public async Task Opening_the_inspector_pans_a_zoomed_in_node_it_would_cover_into_view_without_changing_the_scale()
    {
        await using var console = await ConsolePage.OpenAsync(fixture);
        await console.TakeSnapshotAsync();
        var svg = console.Page.Locator("#graph-stage svg");
        var stage = (await svg.BoundingBoxAsync())!;
        var scale = await ZoomInAsync(console, (stage.X + stage.Width / 2, stage.Y + stage.Height / 2));
        Assert.True((await console.NodesOutsideStageAsync()).Outside > 0, "zoomed in, the graph must be larger than the stage");

        // The node drawn furthest right that can still be clicked: the inspector opens over that side of the stage.
        var key = await console.Page.EvaluateAsync<string>("""
            () => {
              const stage = document.querySelector("#graph-stage svg").getBoundingClientRect();
              const clickable = [...document.querySelectorAll("#graph-stage svg g.node")].filter((node) => {
                const box = node.getBoundingClientRect();
                const [x, y] = [(box.left + box.right) / 2, (box.top + box.bottom) / 2];
                return x > stage.left + 10 && x < stage.right - 10 && y > stage.top + 10 && y < stage.bottom - 10;
              });
              const centre = (node) => { const box = node.getBoundingClientRect(); return box.left + box.right; };
              return clickable.reduce((best, node) => centre(node) > centre(best) ? node : best).dataset.key;
            }
            """);
        var node = console.Page.Locator($"#graph-stage svg g.node[data-key=\"{key}\"]");
        var before = (await node.BoundingBoxAsync())!;
        Assert.True(before.X + before.Width > stage.X + stage.Width - InspectorWidth,
            $"node {key} ends at x={before.X + before.Width}, clear of where the inspector opens (stage ends at x={stage.X + stage.Width})");

        await node.ClickAsync();

        await Expect(console.Inspector).ToBeVisibleAsync();
        await Expect(node).ToHaveClassAsync(new Regex(@"\bselected\b"));
        await AssertInsideVisibleStageAsync(console, node);
        await Expect(svg).ToHaveAttributeAsync("data-scale", scale);
        console.AssertStayedLocalAndQuiet();
    }

    [Fact]
    public async Task Jumping_along_an_incident_edge_pans_the_node_at_its_other_end_into_view_without_changing_the_scale()
    {
        await using var console = await ConsolePage.OpenAsync(fixture);
        await console.TakeSnapshotAsync();
        var svg = console.Page.Locator("#graph-stage svg");
        var channel = console.Node(SaturatedRuntime.ChannelName, "channel_tx");
        var sender = console.NodeWithId(SaturatedRuntime.SenderId);
        await channel.ClickAsync();
        await Expect(console.Inspector.Locator("h3")).ToHaveTextAsync(SaturatedRuntime.ChannelName);

        var box = (await channel.BoundingBoxAsync())!;
        var scale = await ZoomInAsync(console, (box.X + box.Width / 2, box.Y + box.Height / 2));
        // Dragging the channel to the stage's left edge pushes the sender, drawn left of what it needs, out of view.
        box = (await channel.BoundingBoxAsync())!;
        var stage = (await svg.BoundingBoxAsync())!;
        var (fromX, fromY) = (Math.Round(box.X + box.Width / 2), Math.Round(box.Y + box.Height / 2));
        await console.Page.Mouse.MoveAsync((float)fromX, (float)fromY);
        await console.Page.Mouse.DownAsync();
        await console.Page.Mouse.MoveAsync((float)(fromX + stage.X + 20 - box.X), (float)fromY, new MouseMoveOptions { Steps = 6 });
        await console.Page.Mouse.UpAsync();
        var hidden = (await sender.BoundingBoxAsync())!;
        Assert.True(hidden.X + hidden.Width < stage.X, $"sender ends at x={hidden.X + hidden.Width}, the stage starts at x={stage.X}");

        await console.Inspector.Locator($".incident-edges button:text-is(\"{SaturatedRuntime.SenderName}\")").ClickAsync();

        await Expect(sender).ToHaveClassAsync(new Regex(@"\bselected\b"));
        await AssertInsideVisibleStageAsync(console, sender);
        await Expect(svg).ToHaveAttributeAsync("data-scale", scale);
        console.AssertStayedLocalAndQuiet();
    }

    // The inspector's width in console.css plus the gap between it and the stage.
    private const double InspectorWidth = 348;

    /// <summary>Zooms in with the wheel around a point and returns the new scale, as the svg reports it.</summary>
    private static async Task<string> ZoomInAsync(ConsolePage console, (double X, double Y) at)
    {
        var svg = console.Page.Locator("#graph-stage svg");
        var fitted = await svg.GetAttributeAsync("data-scale");
        // Whole pixels: the browser reports the pointer in whole CSS pixels.
        await console.Page.Mouse.MoveAsync((float)Math.Round(at.X), (float)Math.Round(at.Y));
        await console.Page.Mouse.WheelAsync(0, -800);
        await Expect(svg).Not.ToHaveAttributeAsync("data-scale", fitted!);
        return (await svg.GetAttributeAsync("data-scale"))!;
    }

    private static async Task AssertInsideVisibleStageAsync(ConsolePage console, ILocator node)
    {
        var stage = (await console.Page.Locator("#graph-stage svg").BoundingBoxAsync())!;
        var inspector = (await console.Inspector.BoundingBoxAsync())!;
        var box = (await node.BoundingBoxAsync())!;
        var where = $"node at x {box.X}..{box.X + box.Width}, y {box.Y}..{box.Y + box.Height}; "
            + $"stage x {stage.X}..{stage.X + stage.Width}, y {stage.Y}..{stage.Y + stage.Height}; inspector from x {inspector.X}";
        Assert.True(box.X >= stage.X - 0.5 && box.X + box.Width <= stage.X + stage.Width + 0.5, where);
        Assert.True(box.Y >= stage.Y - 0.5 && box.Y + box.Height <= stage.Y + stage.Height + 0.5, where);
        Assert.True(box.X + box.Width <= inspector.X, where);
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
