using Peeps.Simulator;
using Peeps.Testing;
using static Microsoft.Playwright.Assertions;

namespace Peeps.Console.Tests;

/// <summary>A few thousand entities from many simulated processes: the graph still has every node and fits.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class LargeGraphTests(ConsoleFixture fixture)
{
    private const int Processes = 12;
    private const int EntitiesPerProcess = 250;
    private const int AtLeast = 2_500;

    [Fact]
    public async Task A_graph_of_thousands_of_entities_draws_one_node_per_entity_and_fit_shows_them_all()
    {
        await using var server = await PeepsServer.StartAsync();
        await using var simulation = Simulation.Start(new SimulatorOptions
        {
            Host = server.Ingest.Address.ToString(),
            Port = server.Ingest.Port,
            ProcessCount = Processes,
            NamePrefix = "large",
            EntityCount = EntitiesPerProcess,
            ChangesPerSecond = 400,
        });
        await simulation.WaitForAllConnectedAsync().WaitAsync(TimeSpan.FromSeconds(15));
        await Eventually.Until(() => server.CountAsync("select count(*) from entities"), count => count >= AtLeast,
            TimeSpan.FromSeconds(40), $"the simulated runtimes reported {AtLeast} entities");
        await using var console = await ConsolePage.OpenAsync(fixture.Browser, server.HttpBase);

        var snapshot = await console.TakeSnapshotAsync(waitSeconds: 5);

        var entities = SnapshotJson.EntityCount(snapshot);
        Assert.True(entities >= AtLeast, $"the snapshot holds {entities} entities");
        await Expect(console.Nodes).ToHaveCountAsync(entities);
        await Expect(console.Page.Locator("#graph-stage svg g.cluster")).ToHaveCountAsync(Processes);
        await console.Page.ClickAsync("#fit-view");
        var (nodes, outside) = await console.NodesOutsideStageAsync();
        Assert.Equal(entities, nodes);
        Assert.Equal(0, outside);
        console.AssertStayedLocalAndQuiet();
    }
}
