using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Peeps.WebConsole.Tests;

[Collection(ConsoleCollection.Name)]
public sealed class EdgeKindTests(ConsoleFixture fixture)
{
    private static readonly string[] Kinds = ["needs", "polls", "closed_by", "channel_link", "rpc_link"];

    private static Task<string> StrokeAsync(ILocator line) =>
        line.EvaluateAsync<string>("line => { const style = getComputedStyle(line); return `${style.stroke} / ${style.strokeDasharray}`; }");

    [Fact]
    public async Task Every_edge_kind_is_drawn_once_per_edge_in_its_own_style_and_named_in_the_legend()
    {
        await using var console = await ConsolePage.OpenAsync(fixture);
        var snapshot = await console.TakeSnapshotAsync();
        var process = SnapshotJson.ProcessId(snapshot, EntityStatesRuntime.ProcessName);

        foreach (var (src, dst, kind) in EntityStatesRuntime.Edges)
            await Expect(console.Page.Locator($"#graph-stage svg g.edge.kind-{kind}[data-src=\"{process}/{src}\"][data-dst=\"{process}/{dst}\"]")).ToHaveCountAsync(1);
        await Expect(console.Page.Locator($"#graph-stage svg g.edge[data-src^=\"{process}/\"]")).ToHaveCountAsync(EntityStatesRuntime.Edges.Count);

        var legend = console.Page.Locator("#legend .legend-item[data-edge-kind]");
        await Expect(legend).ToHaveCountAsync(Kinds.Length);
        Assert.Equal(Kinds, await legend.EvaluateAllAsync<string[]>("items => items.map(i => i.dataset.edgeKind)"));
        var styles = new List<string>();
        foreach (var kind in Kinds)
        {
            var drawn = await StrokeAsync(console.Page.Locator($"#graph-stage svg g.edge.kind-{kind}[data-src^=\"{process}/\"] path").First);
            Assert.Equal(drawn, await StrokeAsync(console.Page.Locator($"#legend .legend-item[data-edge-kind=\"{kind}\"] line")));
            styles.Add(drawn);
        }
        Assert.True(styles.Distinct().Count() == Kinds.Length, $"edge kinds must look different: {string.Join(" | ", Kinds.Zip(styles))}");
        console.AssertStayedLocalAndQuiet();
    }
}
