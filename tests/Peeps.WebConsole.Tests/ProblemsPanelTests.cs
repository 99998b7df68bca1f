using System.Text.RegularExpressions;
using static Microsoft.Playwright.Assertions;

namespace Peeps.WebConsole.Tests;

[Collection(ConsoleCollection.Name)]
public sealed class ProblemsPanelTests(ConsoleFixture fixture, StuckSystemFixture stuck)
{
    private const string PickedNodes = "#graph-stage svg g.node.picked";

    private static async Task<string[]> PickedAsync(ConsolePage console) =>
        await console.Page.Locator(PickedNodes).EvaluateAllAsync<string[]>("nodes => nodes.map(n => `${n.dataset.name} ${n.dataset.kind}`).sort()");

    private static async Task AssertPickedInsideStageAsync(ConsolePage console)
    {
        var outside = await console.Page.EvaluateAsync<int>($$"""
            () => {
              const stage = document.getElementById("graph-stage").getBoundingClientRect();
              return [...document.querySelectorAll("{{PickedNodes}}")].filter((node) => {
                const box = node.getBoundingClientRect();
                return box.left < stage.left - 0.5 || box.top < stage.top - 0.5 || box.right > stage.right + 0.5 || box.bottom > stage.bottom + 0.5;
              }).length;
            }
            """);
        Assert.Equal(0, outside);
    }

    [Fact]
    public async Task Problems_panel_lists_certain_and_candidate_deadlocks_and_warnings_by_id_and_a_click_marks_their_entities_in_view()
    {
        await stuck.StuckAsync();
        await using var console = await stuck.OpenConsoleAsync(fixture.Browser);
        var snapshotId = await StuckSystemFixture.TakeDiagnosedSnapshotAsync(console);
        var diagnosis = await stuck.Server.GetJsonAsync($"/api/snapshots/{snapshotId}/diagnosis");
        var panel = console.Page.Locator("#problems");

        await Expect(console.Page.Locator("#problems-status")).ToContainTextAsync("2 deadlocks (1 certain)");
        var deadlocks = panel.Locator("button.problem.deadlock");
        await Expect(deadlocks).ToHaveCountAsync(2);
        var certain = panel.Locator("button.problem.deadlock[data-confidence=\"certain\"]");
        await Expect(certain).ToContainTextAsync("certain");
        await Expect(certain).ToContainTextAsync($"{StuckSystem.DeadlockMembers.Count} entities");
        await Expect(certain).ToContainTextAsync($"{StuckSystem.OrdersName} (pid {StuckSystem.OrdersPid}) ↔ {StuckSystem.InventoryName} (pid {StuckSystem.InventoryPid})");
        // The runtimes' clocks run on while the fixture lives: the cycle is at least 90 s old.
        await Expect(certain).ToContainTextAsync(new Regex(@"blocked ≥ \d+m\d\ds · through rpc"));
        var candidate = panel.Locator("button.problem.deadlock[data-confidence=\"candidate\"]");
        await Expect(candidate).ToContainTextAsync("candidate");
        await Expect(candidate).ToContainTextAsync("audit.queue");

        // Warnings come grouped under their ids, as many as the diagnosis lists.
        var warningIds = diagnosis.GetProperty("warnings").EnumerateArray().Select(w => w.GetProperty("id").GetString()!).ToList();
        Assert.Contains("long_wait", warningIds);
        await Expect(panel.Locator("h4.warning-group")).ToHaveCountAsync(warningIds.Distinct().Count());
        await Expect(panel.Locator("button.problem.warning")).ToHaveCountAsync(warningIds.Count);

        await candidate.ClickAsync();

        Assert.Equal(StuckSystem.CandidateMembers.Select(m => $"{m.Name} {m.Kind}").Order(), await PickedAsync(console));
        await Expect(candidate).ToHaveAttributeAsync("aria-current", "true");
        await AssertPickedInsideStageAsync(console);
        await Screenshots.SaveAsync(console.Page, "problems-panel");

        var warning = diagnosis.GetProperty("warnings")[0];
        var expected = warning.GetProperty("entities").EnumerateArray()
            .Select(e => $"{e.GetProperty("name").GetString()} {e.GetProperty("kind").GetString()}").Order().ToList();
        // The panel stays in the sidebar on every tab; a click brings the graph back to the front.
        await console.Page.ClickAsync("#tab-queries");
        await panel.Locator("button.problem.warning").First.ClickAsync();

        await Expect(console.Page.Locator("#view-graph")).ToBeVisibleAsync();
        await Expect(console.Page.Locator(PickedNodes)).ToHaveCountAsync(expected.Count);
        Assert.Equal(expected, await PickedAsync(console));
        await Expect(candidate).ToHaveAttributeAsync("aria-current", "false");
        await AssertPickedInsideStageAsync(console);

        // Clicking the background clears the marks: somewhere the svg itself is under the pointer, not a node or a process box.
        var empty = await console.Page.EvaluateAsync<double[]>("""
            () => {
              const svg = document.querySelector("#graph-stage svg");
              const box = svg.getBoundingClientRect();
              for (let y = box.top + 5; y < box.bottom; y += 10)
                for (let x = box.left + 5; x < box.right; x += 10)
                  if (document.elementFromPoint(x, y) === svg) return [x, y];
              return null;
            }
            """);
        await console.Page.Mouse.ClickAsync((float)empty[0], (float)empty[1]);
        await Expect(console.Page.Locator(PickedNodes)).ToHaveCountAsync(0);
        await Expect(panel.Locator("button.problem[aria-current=\"true\"]")).ToHaveCountAsync(0);
        console.AssertStayedLocalAndQuiet();
    }
}
