using System.Net.Http.Json;
using System.Text.Json;
using static Peeps.Testing.SampleBatches;

namespace Peeps.EndToEnd.Tests.QueryPacks;

/// <summary>
/// The diagnosis packs through <c>POST /api/query</c>, over graphs runtimes sent on real TCP: a cycle through an RPC
/// and its callback across <c>pack-a</c> and <c>pack-b</c>, and a cycle inside <c>pack-c</c>, which then disconnects.
/// </summary>
public sealed class DiagnosisQueryPackEndpointTests
{
    private static string Edge(ulong seq, string src, string dst, string kind = "needs") =>
        Change(seq, "upsert_edge", $$"""{"src":"{{src}}","dst":"{{dst}}","kind":"{{kind}}","meta":null}""");

    private static string Node(ulong seq, string id, string name, string body = "\"future\"") =>
        Change(seq, "upsert_entity", Entity(id, name, body));

    [Fact]
    public async Task Deadlocks_joins_the_rpc_cycle_across_processes_and_drops_a_process_once_it_disconnects()
    {
        await using var server = await PeepsServer.StartAsync();
        using var a = await ConnectAsync(server, "pack-a", 71);
        using var b = await ConnectAsync(server, "pack-b", 72);
        var c = await ConnectAsync(server, "pack-c", 73);
        await a.SendJsonAsync(Batch("proc:71", 0, 9,
        [
            Node(0, "aaaa1", "caller"),
            Node(1, "aaaa2", "get", """{"request":{"method":"get"}}"""),
            Node(2, "aaaa3", "callback", """{"response":{"method":"callback","status":"pending"}}"""),
            Node(3, "aaaa4", "callback.handler"),
            Edge(4, "aaaa1", "aaaa2"),
            Edge(5, "aaaa4", "aaaa3"),
            Edge(6, "aaaa4", "aaaa1"),
            Edge(7, "bbbb3", "aaaa3", "rpc_link"),
            Edge(8, "aaaa1", "aaaa4", "polls"),
        ]));
        await b.SendJsonAsync(Batch("proc:72", 0, 6,
        [
            Node(0, "bbbb1", "get", """{"response":{"method":"get","status":"pending"}}"""),
            Node(1, "bbbb2", "get.handler"),
            Node(2, "bbbb3", "callback", """{"request":{"method":"callback"}}"""),
            Edge(3, "bbbb2", "bbbb1"),
            Edge(4, "bbbb2", "bbbb3"),
            Edge(5, "aaaa2", "bbbb1", "rpc_link"),
        ]));
        await c.SendJsonAsync(Batch("proc:73", 0, 4, [Node(0, "cccc1", "one"), Node(1, "cccc2", "two"), Edge(2, "cccc1", "cccc2"), Edge(3, "cccc2", "cccc1")]));
        await Eventually.Until(() => server.CountAsync("select count(*) from stream_cursors where next_seq_no in (9, 6, 4)"), n => n == 3);

        var both = await DeadlockRowsAsync(server);
        c.Dispose();
        await Eventually.Until(() => server.CountAsync("select count(*) from connections where process_name = 'pack-c' and disconnected_at_ns is not null"), n => n == 1);
        var afterDisconnect = await DeadlockRowsAsync(server);

        string[][] rpcCycle =
        [
            ["1", "pack-a", "aaaa1", "needs", "pack-a", "aaaa2"],
            ["1", "pack-a", "aaaa2", "rpc", "pack-b", "bbbb1"],
            ["1", "pack-a", "aaaa3", "works_on", "pack-a", "aaaa4"],
            ["1", "pack-a", "aaaa4", "needs", "pack-a", "aaaa1"],
            ["1", "pack-b", "bbbb1", "works_on", "pack-b", "bbbb2"],
            ["1", "pack-b", "bbbb2", "needs", "pack-b", "bbbb3"],
            ["1", "pack-b", "bbbb3", "rpc", "pack-a", "aaaa3"],
        ];
        Assert.Equal([.. rpcCycle, ["2", "pack-c", "cccc1", "needs", "pack-c", "cccc2"], ["2", "pack-c", "cccc2", "needs", "pack-c", "cccc1"]], both);
        Assert.Equal(rpcCycle, afterDisconnect);
    }

    /// <summary>
    /// Connects and waits for the handshake to be recorded before the next runtime connects, so conn ids follow the
    /// order of the calls, and with them the order of the rows.
    /// </summary>
    private static async Task<RuntimeClient> ConnectAsync(PeepsServer server, string processName, uint pid)
    {
        var client = server.Connect();
        await client.HandshakeAsync(processName, pid);
        await Eventually.Until(() => server.CountAsync($"select count(*) from connections where process_name = '{processName}'"), n => n == 1);
        return client;
    }

    /// <summary>deadlock, process_name, entity_id, edge_kind, waits_on_process_name, waits_on_id of each row.</summary>
    private static async Task<string[][]> DeadlockRowsAsync(PeepsServer server)
    {
        using var response = await server.Http.PostAsJsonAsync("/api/query", new { name = "deadlocks" });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        var result = SqlRows.Parse(body);
        return [.. result.Rows.Select(row => new[] { 0, 2, 3, 6, 8, 9 }.Select(i => row[i].ValueKind == JsonValueKind.String ? row[i].GetString()! : row[i].ToString()).ToArray())];
    }
}
