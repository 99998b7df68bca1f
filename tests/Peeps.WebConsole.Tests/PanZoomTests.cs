using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Peeps.WebConsole.Tests;

[Collection(ConsoleCollection.Name)]
public sealed partial class PanZoomTests(ConsoleFixture fixture)
{
    [GeneratedRegex(@"^translate\((?<x>-?[\d.e+-]+) (?<y>-?[\d.e+-]+)\) scale\((?<k>[\d.e+-]+)\)$")]
    private static partial Regex TransformPattern();

    private static async Task<(double X, double Y, double K)> TransformAsync(ILocator viewport)
    {
        var transform = await viewport.GetAttributeAsync("transform") ?? "";
        var match = TransformPattern().Match(transform);
        Assert.True(match.Success, $"unexpected viewport transform '{transform}'");
        double Part(string name) => double.Parse(match.Groups[name].Value, CultureInfo.InvariantCulture);
        return (Part("x"), Part("y"), Part("k"));
    }

    [Fact]
    public async Task Wheel_zooms_around_the_pointer_drag_pans_and_fit_brings_every_node_back_into_view()
    {
        await using var console = await ConsolePage.OpenAsync(fixture);
        await console.TakeSnapshotAsync();
        var svg = console.Page.Locator("#graph-stage svg");
        var viewport = svg.Locator("g.viewport");
        var stage = (await svg.BoundingBoxAsync())!;
        // Whole pixels: the browser reports the pointer in whole CSS pixels.
        var (px, py) = (Math.Round(stage.X + stage.Width / 2), Math.Round(stage.Y + stage.Height / 2));
        Assert.Equal(0, (await console.NodesOutsideStageAsync()).Outside);
        var fitted = await TransformAsync(viewport);

        await console.Page.Mouse.MoveAsync((float)px, (float)py);
        await console.Page.Mouse.WheelAsync(0, -800);

        await Expect(svg).Not.ToHaveAttributeAsync("data-scale", fitted.K.ToString("F4", CultureInfo.InvariantCulture));
        var zoomed = await TransformAsync(viewport);
        Assert.True(zoomed.K > fitted.K * 2, $"wheel up should zoom in: scale {fitted.K} -> {zoomed.K}");
        // The graph point under the pointer stays under it.
        var (gx, gy) = ((px - stage.X - fitted.X) / fitted.K, (py - stage.Y - fitted.Y) / fitted.K);
        Assert.InRange(stage.X + zoomed.X + gx * zoomed.K - px, -1, 1);
        Assert.InRange(stage.Y + zoomed.Y + gy * zoomed.K - py, -1, 1);
        Assert.True((await console.NodesOutsideStageAsync()).Outside > 0, "zoomed in, some nodes must be out of view");

        await console.Page.Mouse.DownAsync();
        await console.Page.Mouse.MoveAsync((float)px + 120, (float)py + 80, new MouseMoveOptions { Steps = 6 });
        await console.Page.Mouse.UpAsync();

        var panned = await TransformAsync(viewport);
        Assert.Equal(zoomed.K, panned.K);
        Assert.InRange(panned.X - zoomed.X, 119, 121);
        Assert.InRange(panned.Y - zoomed.Y, 79, 81);
        await Expect(console.Inspector).ToBeHiddenAsync();

        await console.Page.ClickAsync("#fit-view");

        var (nodes, outside) = await console.NodesOutsideStageAsync();
        Assert.True(nodes > 0);
        Assert.Equal(0, outside);
        Assert.Equal(fitted, await TransformAsync(viewport));
        console.AssertStayedLocalAndQuiet();
    }

    [Fact]
    public async Task A_window_resize_refits_a_fitted_view_but_keeps_the_scale_the_user_zoomed_to()
    {
        await using var console = await ConsolePage.OpenAsync(fixture);
        await console.TakeSnapshotAsync();
        var svg = console.Page.Locator("#graph-stage svg");
        var viewport = svg.Locator("g.viewport");
        var fitted = await TransformAsync(viewport);

        await console.Page.SetViewportSizeAsync(900, 700);

        var refitted = await Eventually.Until(() => TransformAsync(viewport), t => t != fitted, what: "a refit after the resize");
        Assert.True(refitted.K < fitted.K, $"a narrower stage fits the graph smaller: scale {fitted.K} -> {refitted.K}");
        Assert.Equal(0, (await console.NodesOutsideStageAsync()).Outside);

        var stage = (await svg.BoundingBoxAsync())!;
        await console.Page.Mouse.MoveAsync((float)Math.Round(stage.X + stage.Width / 2), (float)Math.Round(stage.Y + stage.Height / 2));
        await console.Page.Mouse.WheelAsync(0, -800);
        var zoomed = await Eventually.Until(() => TransformAsync(viewport), t => t.K > refitted.K, what: "a zoom in");

        await console.Page.SetViewportSizeAsync(1400, 860);
        // Resize observers run before the next paint: two frames later the console has seen the new size.
        await console.Page.EvaluateAsync("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))");

        Assert.Equal(zoomed, await TransformAsync(viewport));
        console.AssertStayedLocalAndQuiet();
    }
}
