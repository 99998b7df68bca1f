using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Peeps.WebConsole.Tests;

/// <summary>
/// A second real peeps-web host fed over TCP only by <see cref="StuckSystem"/>'s two runtimes, so every deadlock,
/// chain, warning and diff the console shows of it is known exactly (the main fixture's simulated runtimes change all
/// the time). The browser is the main fixture's.
/// </summary>
public sealed class StuckSystemFixture : IAsyncLifetime
{
    private HandDrivenRuntime? _orders;
    private HandDrivenRuntime? _inventory;

    public PeepsServer Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await PeepsServer.StartAsync();
        // One after the other: orders-api gets the lower connection id, so every answer lists it first, every time.
        _orders = await HandDrivenRuntime.ConnectAsync(Server, StuckSystem.OrdersBefore);
        await RegisteredAsync(1);
        _inventory = await HandDrivenRuntime.ConnectAsync(Server, StuckSystem.InventoryBefore);
        await RegisteredAsync(2);
    }

    private Task RegisteredAsync(int processes) => Eventually.Until(
        () => Server.GetJsonAsync("/api/connections"),
        view => view.GetProperty("connected_processes").GetInt32() == processes,
        TimeSpan.FromSeconds(15),
        $"{processes} stuck runtime(s) registered with the server");

    /// <summary>Both runtimes in <see cref="StuckSystem"/>'s first state. Tests share them, and the diff test moves them on.</summary>
    public async Task StuckAsync()
    {
        await _orders!.ReplaceAsync(StuckSystem.OrdersBefore);
        await _inventory!.ReplaceAsync(StuckSystem.InventoryBefore);
    }

    /// <summary>Both runtimes in <see cref="StuckSystem"/>'s second state: some waits ended, the deadlock did not.</summary>
    public async Task MoveOnAsync()
    {
        await _orders!.ReplaceAsync(StuckSystem.OrdersAfter);
        await _inventory!.ReplaceAsync(StuckSystem.InventoryAfter);
    }

    public Task<ConsolePage> OpenConsoleAsync(IBrowser browser) => ConsolePage.OpenAsync(browser, Server.HttpBase);

    /// <summary>"Take snapshot" in the console, waiting until the Problems panel lists its diagnosis; returns the snapshot id.</summary>
    public static async Task<long> TakeDiagnosedSnapshotAsync(ConsolePage console)
    {
        var snapshot = await console.TakeSnapshotAsync();
        await Expect(console.Page.Locator("#problems button.problem").First).ToBeVisibleAsync();
        return snapshot.GetProperty("snapshot_id").GetInt64();
    }

    public async Task DisposeAsync()
    {
        if (_inventory is not null) await _inventory.DisposeAsync();
        if (_orders is not null) await _orders.DisposeAsync();
        if (Server is not null) await Server.DisposeAsync();
    }
}
