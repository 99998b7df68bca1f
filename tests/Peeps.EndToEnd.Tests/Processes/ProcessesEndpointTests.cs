using System.Text.Json;
using Peeps.Testing;

namespace Peeps.EndToEnd.Tests.Processes;

public sealed class ProcessesEndpointTests
{
    [Fact]
    public async Task A_runtime_that_reconnects_is_one_process_with_both_connections_and_its_newest_one_current()
    {
        await using var server = await PeepsServer.StartAsync();
        long firstConnId;
        await using (var first = await ScriptedRuntime.StartAsync(server.Ingest, "reconnecting", 4711, SnapshotGraphs.Graph([], [])))
        {
            firstConnId = await first.ConnIdAsync(server);
        }
        await Eventually.Until(() => server.CountAsync($"select count(*) from connections where conn_id = {firstConnId} and disconnected_at_ns is not null"),
            closed => closed == 1, what: "the first connection closed");
        await using var second = await ScriptedRuntime.StartAsync(server.Ingest, "reconnecting", 4711, SnapshotGraphs.Graph([], []));
        var secondConnId = await second.ConnIdAsync(server);
        await using var other = await ScriptedRuntime.StartAsync(server.Ingest, "other", 4711, SnapshotGraphs.Graph([], []));
        await other.ConnIdAsync(server);

        var answer = await server.GetJsonAsync("/api/processes");

        Assert.Equal(2, answer.GetProperty("connected_processes").GetInt32());
        Assert.False(answer.GetProperty("truncated").GetBoolean());
        var processes = answer.GetProperty("processes").EnumerateArray().ToList();
        Assert.Equal(["other", "reconnecting"], processes.Select(p => p.GetProperty("process_name").GetString()));
        var reconnecting = processes[1];
        Assert.True(reconnecting.GetProperty("connected").GetBoolean());
        Assert.Equal(4711, reconnecting.GetProperty("pid").GetInt64());
        Assert.Equal(secondConnId, reconnecting.GetProperty("current_conn_id").GetInt64());
        Assert.Equal(1, reconnecting.GetProperty("reconnections").GetInt32());
        Assert.Equal(0, reconnecting.GetProperty("entities").GetInt64());
        Assert.Equal([firstConnId, secondConnId], reconnecting.GetProperty("connections").EnumerateArray().Select(c => c.GetProperty("conn_id").GetInt64()));
        Assert.Equal(JsonValueKind.Number, reconnecting.GetProperty("connections")[0].GetProperty("disconnected_at_ns").ValueKind);
        Assert.Equal(JsonValueKind.Null, reconnecting.GetProperty("disconnected_at_ns").ValueKind);
        // The contract's list is untouched: one entry per live connection.
        var live = await server.GetJsonAsync("/api/connections");
        Assert.Equal(2, live.GetProperty("connected_processes").GetInt32());
        Assert.Equal(secondConnId, live.GetProperty("processes").EnumerateArray()
            .Single(p => p.GetProperty("process_name").GetString() == "reconnecting").GetProperty("conn_id").GetInt64());
    }
}
