using static Microsoft.Playwright.Assertions;

namespace Peeps.WebConsole.Tests;

/// <summary>A few thousand entities from several processes: the graph still has every node and fits.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class LargeGraphTests(ConsoleFixture fixture)
{
    private const int Processes = 8;
    private const int EntitiesPerProcess = 375;

    [Fact]
    public async Task A_graph_of_thousands_of_entities_draws_one_node_per_entity_and_fit_shows_them_all()
    {
        await using var server = await PeepsServer.StartAsync();
        var runtimes = new List<HandDrivenRuntime>();
        try
        {
            for (var i = 0; i < Processes; i++) runtimes.Add(await HandDrivenRuntime.ConnectAsync(server, LargeGraphScript.Create(i, EntitiesPerProcess)));
            await Eventually.Until(() => server.CountAsync("select count(*) from entities"), count => count == Processes * EntitiesPerProcess,
                TimeSpan.FromSeconds(30), "every entity stored");
            await using var console = await ConsolePage.OpenAsync(fixture.Browser, server.HttpBase);

            var snapshot = await console.TakeSnapshotAsync(waitSeconds: 5);

            var entities = SnapshotJson.EntityCount(snapshot);
            Assert.Equal(Processes * EntitiesPerProcess, entities);
            await Expect(console.Nodes).ToHaveCountAsync(entities);
            await Expect(console.Page.Locator("#graph-stage svg g.cluster")).ToHaveCountAsync(Processes);
            await console.Page.ClickAsync("#fit-view");
            var (nodes, outside) = await console.NodesOutsideStageAsync();
            Assert.Equal(entities, nodes);
            Assert.Equal(0, outside);
            console.AssertStayedLocalAndQuiet();
        }
        finally
        {
            foreach (var runtime in runtimes) await runtime.DisposeAsync();
        }
    }
}
