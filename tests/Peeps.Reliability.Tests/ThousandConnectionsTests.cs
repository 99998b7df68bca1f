using System.Text.Json;
using Xunit.Abstractions;
using static Peeps.Testing.SampleBatches;

namespace Peeps.Reliability.Tests;

/// <summary>A thousand runtimes connected at once are each accepted, identified and materialized, and all released on close.</summary>
[Trait("Category", "Slow")]
public sealed class ThousandConnectionsTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Connections = 1000;
    private const int ChangesEach = 5;

    private PeepsServer _server = null!;

    public async Task InitializeAsync() => _server = await PeepsServer.StartAsync();

    public Task DisposeAsync() => _server.DisposeAsync().AsTask();

    [Fact]
    public async Task A_thousand_concurrent_connections_are_accepted_served_and_released()
    {
        // Each connection costs the test process two descriptors (client and server side); the limit here is 20000.
        var clients = new List<RuntimeClient>(Connections);
        try
        {
            for (var i = 0; i < Connections; i++) clients.Add(_server.Connect());
            await Task.WhenAll(clients.Select(async (client, i) =>
            {
                await client.HandshakeAsync($"many-{i:D4}", (uint)(10_000 + i));
                await client.SendJsonAsync(Upserts($"proc:{10_000 + i}", 0, ChangesEach));
            }));

            var live = await Eventually.Until(() => _server.GetJsonAsync("/api/connections"),
                body => body.GetProperty("connected_processes").GetInt32() == Connections
                        && body.GetProperty("processes").EnumerateArray().All(p => p.GetProperty("process_name").GetString()!.StartsWith("many-")),
                TimeSpan.FromSeconds(60), "all connections identified");
            Assert.Equal(Connections, live.GetProperty("processes").GetArrayLength());
            await Eventually.Until(() => _server.CountAsync("SELECT count(*) FROM entities WHERE stream_id LIKE 'proc:1____'"),
                n => n == Connections * ChangesEach, TimeSpan.FromSeconds(60), "every connection's batch materialized");
            Assert.Equal(Connections, await _server.CountAsync("SELECT count(*) FROM delta_batches"));
            Assert.Equal(Connections, await _server.CountAsync("SELECT count(DISTINCT conn_id) FROM stream_cursors WHERE next_seq_no = 5"));
        }
        finally
        {
            foreach (var client in clients) client.Dispose();
        }

        var closed = await Eventually.Until(() => _server.CountAsync("SELECT count(*) FROM connections WHERE disconnected_at_ns IS NOT NULL"),
            n => n == Connections, TimeSpan.FromSeconds(60), "every close recorded");
        Assert.Equal(0, (await _server.GetJsonAsync("/api/connections")).GetProperty("connected_processes").GetInt32());
        output.WriteLine($"{Connections} connections: {Connections * ChangesEach} entities stored, {closed} closes recorded");
    }
}
