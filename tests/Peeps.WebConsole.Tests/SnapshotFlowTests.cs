using static Microsoft.Playwright.Assertions;

namespace Peeps.WebConsole.Tests;

[Collection(ConsoleCollection.Name)]
public sealed class SnapshotFlowTests(ConsoleFixture fixture)
{
    [Fact]
    public async Task Snapshot_starts_a_cut_polls_it_then_snapshots_and_says_the_cut_stayed_incomplete_when_a_process_never_acks()
    {
        await using var console = await ConsolePage.OpenAsync(fixture);

        // Long enough for every runtime but the silent one to acknowledge even on a loaded machine, so exactly one is
        // still pending when the wait runs out.
        await console.TakeSnapshotAsync(waitSeconds: 5);

        var flow = console.Requests.Where(r => r.Path.StartsWith("/api/cuts", StringComparison.Ordinal) || r.Path == "/api/snapshot").ToList();
        Assert.True(flow.Count >= 3, $"expected cut, cut status, snapshot; saw {string.Join(", ", flow)}");
        Assert.Equal(new PageRequest("POST", "/api/cuts"), flow[0]);
        Assert.Equal(new PageRequest("POST", "/api/snapshot"), flow[^1]);
        var statusPolls = flow[1..^1];
        var cutPath = statusPolls[0].Path;
        Assert.StartsWith("/api/cuts/", cutPath, StringComparison.Ordinal);
        Assert.All(statusPolls, poll => Assert.Equal(new PageRequest("GET", cutPath), poll));
        var cutId = Uri.UnescapeDataString(cutPath["/api/cuts/".Length..]);
        // The silent runtime never acknowledges, so the wait runs out with it still pending.
        await Expect(console.Page.Locator("#snapshot-meta")).ToContainTextAsync($"cut {cutId} incomplete: 1 process(es) had not caught up");
        console.AssertStayedLocalAndQuiet();
    }
}
