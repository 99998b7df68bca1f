using System.Text.RegularExpressions;
using static Microsoft.Playwright.Assertions;

namespace Peeps.WebConsole.Tests;

[Collection(ConsoleCollection.Name)]
public sealed class WhyWaitingTests(ConsoleFixture fixture, StuckSystemFixture stuck)
{
    [Fact]
    public async Task Why_is_this_waiting_follows_the_chain_across_a_process_hop_to_its_root_blocker_and_draws_it()
    {
        await stuck.StuckAsync();
        await using var console = await stuck.OpenConsoleAsync(fixture.Browser);
        var snapshotId = await StuckSystemFixture.TakeDiagnosedSnapshotAsync(console);
        await console.Node(StuckSystem.ChainHead).ClickAsync();

        await console.Inspector.Locator("button.why-button").ClickAsync();

        var steps = console.Inspector.Locator(".why-waiting .chain-step");
        await Expect(steps).ToHaveCountAsync(StuckSystem.ChainSteps.Count);
        for (var i = 0; i < StuckSystem.ChainSteps.Count; i++)
        {
            var (name, kind, process) = StuckSystem.ChainSteps[i];
            await Expect(steps.Nth(i).Locator(".chain-entity")).ToHaveTextAsync($"{name} {kind} · {process}");
        }
        // Only the rpc step crosses into the other process, and says which.
        await Expect(console.Inspector.Locator(".chain-step[data-process-hop=\"true\"]")).ToHaveCountAsync(1);
        await Expect(steps.Nth(2).Locator(".hop")).ToHaveTextAsync($"⇢ process hop into {StuckSystem.InventoryName} (pid {StuckSystem.InventoryPid})");
        await Expect(steps.Nth(2).Locator(".chain-link")).ToContainTextAsync("rpc response · inferred");
        await Expect(steps.Last.Locator(".chain-end.root")).ToHaveTextAsync("root blocker: external I/O");
        await Expect(console.Inspector.Locator(".chain-summary")).ToContainTextAsync("4 steps · 1 process hop · root blocker: catalog-db (external I/O)");
        await Expect(steps.First).ToHaveAttributeAsync("aria-current", "true");

        var chainNodes = console.Page.Locator("#graph-stage svg g.node.on-chain");
        await Expect(chainNodes).ToHaveCountAsync(StuckSystem.ChainSteps.Count);
        Assert.Equal(StuckSystem.ChainSteps.Select(s => $"{s.Name} {s.Kind}").Order(),
            await chainNodes.EvaluateAllAsync<string[]>("nodes => nodes.map(n => `${n.dataset.name} ${n.dataset.kind}`).sort()"));
        await Expect(console.Page.Locator("#graph-stage svg g.wait-path.chain")).ToHaveCountAsync(StuckSystem.ChainSteps.Count - 1);
        await Expect(console.Page.Locator("#graph-stage svg g.wait-path.chain[data-kind=\"rpc\"]")).ToHaveCountAsync(1);
        Assert.Contains(console.Requests, r => r.Method == "GET" && r.Path == $"/api/snapshots/{snapshotId}/wait-chain");
        await Screenshots.SaveAsync(console.Page, "why-waiting");

        // A step jumps to its node, and the chain stays, with that step marked.
        await steps.Nth(3).Locator(".chain-entity button").ClickAsync();
        await Expect(console.Inspector.Locator("h3")).ToHaveTextAsync("fetch.handler");
        await Expect(console.Inspector.Locator(".why-waiting .chain-step").Nth(3)).ToHaveAttributeAsync("aria-current", "true");
        await Expect(console.Node("fetch.handler")).ToHaveClassAsync(new Regex(@"\bselected\b"));
        console.AssertStayedLocalAndQuiet();
    }

    [Fact]
    public async Task Why_is_this_waiting_on_a_task_stuck_behind_a_deadlock_ends_in_it_and_shows_the_whole_cycle()
    {
        await stuck.StuckAsync();
        await using var console = await stuck.OpenConsoleAsync(fixture.Browser);
        await StuckSystemFixture.TakeDiagnosedSnapshotAsync(console);
        await console.Node(StuckSystem.IntoDeadlock).ClickAsync();

        await console.Inspector.Locator("button.why-button").ClickAsync();

        var steps = console.Inspector.Locator(".why-waiting .chain-step");
        await Expect(steps).ToHaveCountAsync(2);
        await Expect(steps.Nth(1).Locator(".chain-entity")).ToHaveTextAsync($"orders.lock lock · {StuckSystem.OrdersName}");
        var entry = steps.Nth(1).Locator("button.chain-end.deadlock");
        await Expect(entry).ToHaveTextAsync("in deadlock #1");
        await Expect(console.Inspector.Locator(".chain-summary")).ToContainTextAsync("ends in deadlock #1");

        await entry.ClickAsync();

        var picked = console.Page.Locator("#graph-stage svg g.node.picked");
        await Expect(picked).ToHaveCountAsync(StuckSystem.DeadlockMembers.Count);
        await Expect(console.Page.Locator("#problems button.problem.deadlock[data-deadlock-id=\"1\"]")).ToHaveAttributeAsync("aria-current", "true");

        // Asked of a member of the cycle, the answer is the cycle itself.
        // Closing the inspector clears every mark first.
        await console.Inspector.Locator("button:text-is(\"Close\")").ClickAsync();
        await Expect(picked).ToHaveCountAsync(0);
        await console.Node("checkout", "future").ClickAsync();
        await console.Inspector.Locator("button.why-button").ClickAsync();
        await Expect(console.Inspector.Locator(".chain-summary")).ToHaveTextAsync("checkout is in deadlock #1: it waits, through the others, on itself.");
        await Expect(picked).ToHaveCountAsync(StuckSystem.DeadlockMembers.Count);
        console.AssertStayedLocalAndQuiet();
    }
}
