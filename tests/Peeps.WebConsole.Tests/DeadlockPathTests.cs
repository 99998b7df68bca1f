using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Peeps.WebConsole.Tests;

[Collection(ConsoleCollection.Name)]
public sealed class DeadlockPathTests(ConsoleFixture fixture, StuckSystemFixture stuck)
{
    private static Task<string> StrokeAsync(ILocator line) =>
        line.EvaluateAsync<string>("line => { const s = getComputedStyle(line); return `${s.stroke} / ${s.strokeWidth} / ${s.strokeDasharray}`; }");

    private static ILocator Member(ConsolePage console, (string Name, string Kind) member) => console.Node(member.Name, member.Kind);

    [Fact]
    public async Task A_deadlock_across_two_processes_is_drawn_as_a_red_path_through_every_member_unlike_ordinary_edges_and_named_in_the_legend()
    {
        await stuck.StuckAsync();
        await using var console = await stuck.OpenConsoleAsync(fixture.Browser);
        await StuckSystemFixture.TakeDiagnosedSnapshotAsync(console);

        foreach (var member in StuckSystem.DeadlockMembers)
            await Expect(Member(console, member)).ToHaveClassAsync(new Regex(@"\bon-deadlock\b"));
        foreach (var member in StuckSystem.CandidateMembers)
            await Expect(Member(console, member)).ToHaveClassAsync(new Regex(@"\bon-deadlock\b"));
        await Expect(console.Page.Locator("#graph-stage svg g.node.on-deadlock"))
            .ToHaveCountAsync(StuckSystem.DeadlockMembers.Count + StuckSystem.CandidateMembers.Count);
        await Expect(console.Node(StuckSystem.IntoDeadlock)).Not.ToHaveClassAsync(new Regex(@"\bon-deadlock\b"));

        // One arrow per wait in each cycle, the two calls between the processes included, though the graph has no edge for them.
        var certain = console.Page.Locator("#graph-stage svg g.wait-path.deadlock.certain");
        await Expect(certain).ToHaveCountAsync(StuckSystem.DeadlockMembers.Count);
        await Expect(console.Page.Locator("#graph-stage svg g.wait-path.deadlock.candidate")).ToHaveCountAsync(StuckSystem.CandidateMembers.Count);
        var calls = console.Page.Locator("#graph-stage svg g.wait-path.deadlock.certain[data-kind=\"rpc\"]");
        await Expect(calls).ToHaveCountAsync(2);
        var callEnds = await calls.EvaluateAllAsync<string[][]>("paths => paths.map(p => [p.dataset.src.split('/')[0], p.dataset.dst.split('/')[0], p.dataset.inferred])");
        Assert.All(callEnds, ends => Assert.True(ends[0] != ends[1] && ends[2] == "true", $"an rpc wait joins two processes and is inferred: {string.Join(", ", ends)}"));
        var box = await calls.First.Locator("path.line").BoundingBoxAsync();
        Assert.True(box is { Width: > 0 } || box is { Height: > 0 }, "the call between the processes is drawn");

        var drawn = await StrokeAsync(certain.First.Locator("path.line"));
        var needs = await StrokeAsync(console.Page.Locator("#graph-stage svg g.edge.kind-needs path").First);
        Assert.NotEqual(needs, drawn);
        Assert.Equal(drawn, await StrokeAsync(console.Page.Locator("#legend [data-wait-path=\"deadlock-certain\"] .line")));
        Assert.Equal(await StrokeAsync(console.Page.Locator("#graph-stage svg g.wait-path.deadlock.candidate path.line").First),
            await StrokeAsync(console.Page.Locator("#legend [data-wait-path=\"deadlock-candidate\"] .line")));
        Assert.Contains("185, 28, 28", drawn);

        await Screenshots.SaveAsync(console.Page, "deadlock-path");
        console.AssertStayedLocalAndQuiet();
    }

    [Fact]
    public async Task A_snapshot_reopened_from_the_history_is_diagnosed_and_drawn_with_its_deadlocks()
    {
        await stuck.StuckAsync();
        long snapshotId;
        await using (var first = await stuck.OpenConsoleAsync(fixture.Browser))
            snapshotId = await StuckSystemFixture.TakeDiagnosedSnapshotAsync(first);

        await using var console = await stuck.OpenConsoleAsync(fixture.Browser);
        await console.Page.Locator($"#history-list button[data-snapshot-id=\"{snapshotId}\"]").ClickAsync();

        await Expect(console.Page.Locator("#snapshot-meta")).ToContainTextAsync($"stored snapshot #{snapshotId}");
        await Expect(console.Page.Locator("#problems-status")).ToContainTextAsync("2 deadlocks (1 certain)");
        await Expect(console.Page.Locator("#graph-stage svg g.wait-path.deadlock.certain")).ToHaveCountAsync(StuckSystem.DeadlockMembers.Count);
        Assert.Contains(console.Requests, r => r.Method == "GET" && r.Path == $"/api/snapshots/{snapshotId}/diagnosis");
        console.AssertStayedLocalAndQuiet();
    }
}
