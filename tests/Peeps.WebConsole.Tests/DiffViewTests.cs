using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Peeps.WebConsole.Tests;

[Collection(ConsoleCollection.Name)]
public sealed class DiffViewTests(ConsoleFixture fixture, StuckSystemFixture stuck)
{
    /// <summary>The row of a diff table whose waiter (first column) reads <paramref name="waiter"/>.</summary>
    private static ILocator Row(ILocator section, string waiter) => section.Locator($"tbody tr:has(td:first-child:has-text(\"{waiter}\"))");

    [Fact]
    public async Task Diff_of_two_history_snapshots_shows_the_deadlock_still_blocked_as_stuck_and_the_finished_call_as_waits_that_ended()
    {
        await stuck.StuckAsync();
        await using var console = await stuck.OpenConsoleAsync(fixture.Browser);
        long before, after;
        try
        {
            before = await StuckSystemFixture.TakeDiagnosedSnapshotAsync(console);
            await stuck.MoveOnAsync();
            after = await StuckSystemFixture.TakeDiagnosedSnapshotAsync(console);
        }
        finally
        {
            await stuck.StuckAsync();
        }

        await console.Page.ClickAsync("#tab-diff");
        await console.Page.SelectOptionAsync("#diff-from", before.ToString());
        await console.Page.SelectOptionAsync("#diff-to", after.ToString());
        await console.Page.ClickAsync("#diff-form button[type=submit]");

        var result = console.Page.Locator("#diff-result");
        await Expect(result.Locator(".diff-summary")).ToContainTextAsync($"#{before} → #{after}");
        var stillBlocked = result.Locator(".diff-section[data-section=\"still-blocked\"]");
        // Every wait of both cycles and the one into the deadlock, but for the audit wait that ended.
        await Expect(stillBlocked.Locator("h3")).ToHaveTextAsync("Still blocked — stuck 12");
        await Expect(Row(stillBlocked, "checkout future"))
            .ToContainTextAsync($"Inventory.reserve request · {StuckSystem.OrdersName}");
        var ended = result.Locator(".diff-section[data-section=\"waits-ended\"]");
        await Expect(ended.Locator("h3")).ToHaveTextAsync("Waits that ended — slow, not stuck 5");
        await Expect(Row(ended, "refresh-catalog future"))
            .ToContainTextAsync($"Catalog.fetch request · {StuckSystem.OrdersName}");
        await Expect(Row(ended, "fetch.handler future"))
            .ToContainTextAsync($"catalog-db net_connect · {StuckSystem.InventoryName}");
        var began = result.Locator(".diff-section[data-section=\"waits-began\"]");
        await Expect(began.Locator("tbody tr")).ToHaveCountAsync(1);
        await Expect(began.Locator("tbody tr")).ToContainTextAsync("events.send future");
        await Expect(result.Locator(".diff-section[data-section=\"deadlocks\"] li")).ToHaveTextAsync([
            "persisting #1 → #1: checkout, Inventory.reserve, orders.lock, Orders.confirm, confirm.handler, Inventory.reserve, reserve.handler, Orders.confirm",
            "resolved #2: audit.writer, audit.lock, audit.flusher, audit.queue",
        ]);
        await Expect(result.Locator(".diff-section[data-section=\"appeared\"] li")).ToHaveCountAsync(1);
        await Expect(result.Locator(".diff-section[data-section=\"gone\"] li")).ToHaveCountAsync(4);
        var changed = result.Locator(".diff-section[data-section=\"changed\"] li");
        await Expect(changed).ToHaveCountAsync(2);
        await Expect(changed.First).ToContainTextAsync("2/16");
        await Expect(changed.First).ToContainTextAsync("16/16 full");
        Assert.Contains(console.Requests, r => r.Method == "GET" && r.Path == $"/api/snapshots/{before}/diff/{after}");
        await Screenshots.SaveAsync(console.Page, "diff-view");
        console.AssertStayedLocalAndQuiet();
    }
}
