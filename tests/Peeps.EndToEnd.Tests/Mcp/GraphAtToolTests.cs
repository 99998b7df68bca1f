using System.Text.Json;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Peeps.Ingest;
using Peeps.Testing;
using static Peeps.Testing.RpcDeadlockGraphs;

namespace Peeps.EndToEnd.Tests.Mcp;

/// <summary>The <c>graph_at</c> tool through the SDK's client over real HTTP, on history two runtimes sent over TCP.</summary>
public sealed class GraphAtToolTests
{
    private static async Task<JsonElement> CallAsync(McpClient client, string tool, Dictionary<string, object?> arguments)
    {
        var result = await client.CallToolAsync(tool, arguments);
        return JsonDocument.Parse(Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text).RootElement.Clone();
    }

    [Fact]
    public async Task An_agent_finds_the_deadlock_at_a_past_instant_and_how_old_each_process_state_was()
    {
        await using var server = await PeepsServer.StartAsync(settings: ["Peeps:Mcp:Enabled=true"]);
        using var a = server.Connect();
        await a.HandshakeAsync(A, 7101);
        using var b = server.Connect();
        await b.HandshakeAsync(B, 7102);
        var beforeBatches = UnixTime.NowNs();
        await a.SendJsonAsync(GraphBatches.Building("proc:7101", 0, ProcessA));
        await b.SendJsonAsync(GraphBatches.Building("proc:7102", 0, ProcessB));
        await Eventually.Until(() => server.CountAsync("select count(*) from stream_cursors"), n => n == 2, what: "both streams committed");
        await using var client = await McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri(server.HttpBase, "/mcp"),
            TransportMode = HttpTransportMode.StreamableHttp,
        }));

        var now = await CallAsync(client, "graph_at", new() { ["seconds_ago"] = 0 });
        var deadlock = Assert.Single(now.GetProperty("diagnosis").GetProperty("deadlocks").EnumerateArray());
        Assert.Equal(8, deadlock.GetProperty("member_count").GetInt32());
        var processes = now.GetProperty("processes").EnumerateArray().ToList();
        Assert.Equal([(A, 6), (B, 5)], processes.Select(p => (p.GetProperty("process_name").GetString(), p.GetProperty("entities").GetInt32()))
            .OrderBy(p => p.Item1, StringComparer.Ordinal));
        Assert.All(processes, p => Assert.True(p.GetProperty("state_age_ms").GetInt64() >= 0));

        var before = await CallAsync(client, "graph_at", new() { ["at_ns"] = beforeBatches });
        Assert.Empty(before.GetProperty("diagnosis").GetProperty("deadlocks").EnumerateArray());

        var both = await CallAsync(client, "graph_at", new() { ["at_ns"] = beforeBatches, ["seconds_ago"] = 1 });
        Assert.Contains("not both", both.GetProperty("error").GetString(), StringComparison.Ordinal);
        var future = await CallAsync(client, "graph_at", new() { ["at_ns"] = UnixTime.NowNs() + 3_600_000_000_000 });
        Assert.Contains("in the future", future.GetProperty("error").GetString(), StringComparison.Ordinal);
    }
}
