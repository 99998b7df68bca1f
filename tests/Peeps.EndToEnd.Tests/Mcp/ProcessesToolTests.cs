using System.Text.Json;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Peeps.EndToEnd.Tests.Mcp;

/// <summary>The MCP <c>processes</c> tool recognises a process across reconnections by the same rule as <c>/api/processes</c>.</summary>
public sealed class ProcessesToolTests
{
    [Fact]
    public async Task A_reconnected_runtime_is_one_process_with_both_connections_as_api_processes_says()
    {
        await using var server = await PeepsServer.StartAsync(settings: ["Peeps:Mcp:Enabled=true", "Peeps:Processes:ReconnectWindow=01:00:00"]);
        await ConnectAndCloseAsync(server, "flapper", 4242);
        using var again = server.Connect();
        await again.HandshakeAsync("flapper", 4242);
        await Eventually.Until(() => server.CountAsync("select count(*) from connections where pid = 4242"), n => n == 2);
        await using var client = await McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri(server.HttpBase, "/mcp"),
            TransportMode = HttpTransportMode.StreamableHttp,
        }));

        var result = await client.CallToolAsync("processes", new Dictionary<string, object?>());
        var answer = JsonDocument.Parse(Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text).RootElement;

        var flapper = Assert.Single(answer.GetProperty("processes").EnumerateArray(), p => p.GetProperty("pid").GetInt64() == 4242);
        Assert.True(flapper.GetProperty("connected").GetBoolean());
        Assert.Equal(1, flapper.GetProperty("reconnections").GetInt32());
        Assert.Equal(2, flapper.GetProperty("conn_ids").GetArrayLength());
        Assert.Equal(flapper.GetProperty("conn_ids")[1].GetInt64(), flapper.GetProperty("current_conn_id").GetInt64());
        Assert.Equal(
            (await server.GetJsonAsync("/api/processes")).GetProperty("processes").EnumerateArray().Count(p => p.GetProperty("pid").GetInt64() == 4242),
            answer.GetProperty("processes").EnumerateArray().Count(p => p.GetProperty("pid").GetInt64() == 4242));
    }

    private static async Task ConnectAndCloseAsync(PeepsServer server, string name, uint pid)
    {
        using (var first = server.Connect())
            await first.HandshakeAsync(name, pid);
        // Two connections open at once are never one process: wait until the first is recorded closed.
        await Eventually.Until(
            () => server.CountAsync($"select count(*) from connections where pid = {pid} and disconnected_at_ns is not null"), n => n == 1);
    }
}
