using System.Text.RegularExpressions;
using static Microsoft.Playwright.Assertions;

namespace Peeps.WebConsole.Tests;

[Collection(ConsoleCollection.Name)]
public sealed class EntityStateTests(ConsoleFixture fixture)
{
    // formatDuration's shapes: 850ms, 4.2s, 42s, 3m07s, 2h05m.
    private static readonly Regex Age = new(@"^(\d+ms|\d+(\.\d)?s|\d+m\d{2}s|\d+h\d{2}m)$");

    [Fact]
    public async Task Each_entity_state_shows_its_wording_highlight_and_age_on_the_node_and_in_the_inspector()
    {
        await using var console = await ConsolePage.OpenAsync(fixture);
        await console.TakeSnapshotAsync();

        foreach (var expected in EntityStatesRuntime.Nodes)
        {
            var node = console.Node(expected.Name, expected.Kind);
            await Expect(node).ToHaveCountAsync(1);
            await Expect(node.Locator("text.state")).ToHaveTextAsync(expected.State);
            await Expect(node).ToHaveAttributeAsync("data-level", expected.Level);
            await Expect(node).ToHaveClassAsync(new Regex($@"(^|\s)level-{expected.Level}(\s|$)"));
            await Expect(node.Locator("text.age")).ToHaveTextAsync(Age);

            await node.ClickAsync();

            await Expect(console.Inspector.Locator("h3")).ToHaveTextAsync(expected.Name);
            await Expect(console.Inspector.Locator("h3 + div")).ToHaveTextAsync($"{expected.Kind} · {expected.State}");
            await Expect(console.Inspector.Locator("dt:text-is(\"age\") + dd")).ToHaveTextAsync(Age);
        }
        console.AssertStayedLocalAndQuiet();
    }
}
