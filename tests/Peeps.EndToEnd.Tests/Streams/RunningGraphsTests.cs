namespace Peeps.EndToEnd.Tests.Streams;

/// <summary><c>running_graphs</c> in <c>GET /api/streams</c>: Akka's own count of the interpreters the ingest materializer runs.</summary>
public sealed class RunningGraphsTests
{
    private static async Task<int> RunningAsync(PeepsServer server) =>
        (await server.GetJsonAsync("/api/streams")).GetProperty("running_graphs").GetInt32();

    [Fact]
    public async Task Akka_runs_the_accept_loop_write_path_and_coordinator_queue_plus_one_graph_per_connection_until_it_closes()
    {
        await using var server = await PeepsServer.StartAsync();
        Assert.Equal(3, await RunningAsync(server));

        using (var first = server.Connect())
        using (var second = server.Connect())
        {
            await first.HandshakeAsync("counted-a", 1);
            await second.HandshakeAsync("counted-b", 2);
            await Eventually.Until(() => RunningAsync(server), running => running == 5, what: "a running graph for each of the two connections");
        }

        await Eventually.Until(() => RunningAsync(server), running => running == 3, what: "the closed connections' graphs stopped");
    }
}
