namespace Peeps.EndToEnd.Tests.Streams;

public sealed class CoordinatorWritesStageTests
{
    [Fact]
    public async Task Coordinator_writes_are_a_stage_feeding_store_merge_with_the_configured_queue_capacity()
    {
        await using var server = await PeepsServer.StartAsync(settings: ["Peeps:Coordination:StoreQueueCapacity=77", "Peeps:Inspection:SampleInterval=00:00:00.200"]);
        using (var response = await server.Http.PostAsync("/api/cuts", null))
            response.EnsureSuccessStatusCode();

        var graph = await Eventually.Until(() => server.GetJsonAsync("/api/streams"),
            g => g.Stage("coordinator-writes").GetProperty("elements_out").GetInt64() >= 1, what: "the cut row counted out of coordinator-writes");

        var stage = graph.Stage("coordinator-writes");
        Assert.Equal(77, stage.GetProperty("capacity").GetInt64());
        Assert.Equal("commands", stage.GetProperty("fill_unit").GetString());
        Assert.InRange(stage.GetProperty("fill").GetInt64(), 0, 77);
        Assert.Contains(("coordinator-writes", "store-merge"), graph.Edges());
    }
}
