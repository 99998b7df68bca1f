using static Microsoft.Playwright.Assertions;

namespace Peeps.WebConsole.Tests;

[Collection(ConsoleCollection.Name)]
public sealed class HistoryTests(ConsoleFixture fixture)
{
    [Fact]
    public async Task An_earlier_snapshot_reopens_from_the_history_list_after_a_reload()
    {
        long snapshotId;
        int entities;
        await using (var first = await ConsolePage.OpenAsync(fixture))
        {
            var snapshot = await first.TakeSnapshotAsync();
            snapshotId = snapshot.GetProperty("snapshot_id").GetInt64();
            entities = SnapshotJson.EntityCount(snapshot);
            await Expect(first.Page.Locator($"#history-list button[data-snapshot-id=\"{snapshotId}\"]")).ToHaveAttributeAsync("aria-current", "true");
            first.AssertStayedLocalAndQuiet();
        }

        await using var console = await ConsolePage.OpenAsync(fixture);
        var entry = console.Page.Locator($"#history-list button[data-snapshot-id=\"{snapshotId}\"]");
        await Expect(entry).ToContainTextAsync($"#{snapshotId}");

        await entry.ClickAsync();

        await Expect(console.Page.Locator("#snapshot-meta")).ToContainTextAsync($"stored snapshot #{snapshotId}");
        await Expect(console.Nodes).ToHaveCountAsync(entities);
        await Expect(console.Page.Locator($"#timed-out li[data-pid=\"{fixture.SilentRuntime.Pid}\"]")).ToBeVisibleAsync();
        await Screenshots.SaveAsync(console.Page, "history");
        console.AssertStayedLocalAndQuiet();
    }
}
