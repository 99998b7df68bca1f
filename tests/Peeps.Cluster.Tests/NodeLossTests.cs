using System.Diagnostics;
using System.Text.Json;
using Peeps.Cluster.Tests.Support;
using Peeps.Web.Cluster;

namespace Peeps.Cluster.Tests;

/// <summary>
/// A node SIGKILLed in the middle of a cut and of a snapshot: both answer in time naming it and its processes; it
/// restarts with its shard intact and rejoins; and when the node hosting the coordinator singletons dies, they move
/// and carry on from the PostgreSQL journal.
/// </summary>
public sealed class NodeLossTests(TestCluster cluster) : IClassFixture<TestCluster>
{
    private static readonly TimeSpan SnapshotTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_node_killed_mid_cut_and_mid_snapshot_is_named_with_its_processes_then_rejoins_with_its_shard_and_the_singletons_move()
    {
        var (a, b, c) = (cluster["a"], cluster["b"], cluster["c"]);
        await using var onA = await ScriptedRuntime.StartAsync(a.Ingest, "loss-a", 1, SnapshotGraphs.Graph([], []));
        await using var onB = await ScriptedRuntime.StartAsync(b.Ingest, "loss-b", 2, SnapshotGraphs.Graph([], []));
        await using var onC = await ScriptedRuntime.StartAsync(c.Ingest, "loss-c", 3, SnapshotGraphs.Graph([], []));
        // Never acks a cut nor answers a snapshot: both are still waiting on it when its node dies.
        using var silent = RuntimeClient.Connect(c.Ingest);
        await silent.HandshakeAsync("silent-c", 4);
        var before = await Connected(b, 4);
        var onCBefore = before.Where(p => p.Node == "c").Select(p => p.ConnId).Order().ToList();

        var cut = await b.PostJsonAsync("/api/cuts", new { });
        var cutId = cut.GetProperty("cut_id").GetString()!;
        Assert.Equal(4, cut.GetProperty("requested_connections").GetInt32());
        var snapshotting = b.PostJsonAsync("/api/snapshot", new { timeout_ms = (long)SnapshotTimeout.TotalMilliseconds });
        var clock = Stopwatch.StartNew();
        await c.KillAsync();

        var snapshot = await snapshotting;
        Assert.True(clock.Elapsed < SnapshotTimeout, $"the snapshot answered after {clock.Elapsed}, past its timeout");
        Assert.Equal(["c"], Names(snapshot, "unreachable_nodes", "node"));
        Assert.Equal(["loss-c", "silent-c"], Names(snapshot, "unreachable_processes", "process_name").Order());
        Assert.Equal(["loss-a", "loss-b"], Names(snapshot, "processes", "process_name").Order());

        var status = await Eventually.Until(() => b.GetJsonAsync($"/api/cuts/{cutId}"), s => s.GetProperty("complete").GetBoolean(),
            TimeSpan.FromSeconds(30), "the cut settled without node c");
        var silentMember = status.GetProperty("connections").EnumerateArray().Single(m => m.GetProperty("process_name").GetString() == "silent-c");
        Assert.True(silentMember.GetProperty("state").GetString() == "unreachable",
            $"silent-c settled as {silentMember}\nnode a:\n{Warnings(a)}\nnode b:\n{Warnings(b)}");
        var connections = await b.GetJsonAsync("/api/connections");
        Assert.Contains("c", connections.GetProperty("unanswered_nodes").EnumerateArray().Select(n => n.GetProperty("node").GetString()));

        // The node comes back on the same ports and file: it rejoins, its shard still holds what it had committed,
        // and its next connection id continues past the ones it gave before it was killed.
        c.Start();
        await Task.WhenAll(cluster.Nodes.Select(n => n.WaitForNodesAsync(["a", "b", "c"], TestCluster.FormWithin)));
        var shard = await a.PostJsonAsync("/api/sql", new { sql = "SELECT conn_id, process_name FROM connections ORDER BY conn_id", node = "c" });
        Assert.Equal(onCBefore, shard.GetProperty("rows").EnumerateArray().Select(r => r[0].GetInt64()).Where(onCBefore.Contains));
        await using var again = await ScriptedRuntime.StartAsync(c.Ingest, "again-c", 5, SnapshotGraphs.Graph([], []));
        var rejoined = await Connected(a, 3, p => p.Name == "again-c" || p.Node != "c");
        var againId = rejoined.Single(p => p.Name == "again-c").ConnId;
        Assert.True(againId > onCBefore.Max(), $"conn id {againId} repeats or precedes node c's earlier ids {string.Join(", ", onCBefore)}");
        Assert.Equal(c.Number, ConnectionIdSpace.NodeOf(againId));

        // a, the oldest node, hosts the singletons: without it they move to b, which recovers them from the journal.
        var lastSnapshot = snapshot.GetProperty("snapshot_id").GetInt64();
        await a.KillAsync();
        var nextCut = await Eventually.Until(() => TryPost(b, "/api/cuts"), answer => answer is not null,
            TimeSpan.FromSeconds(60), "a cut accepted after the singleton moved");
        Assert.True(CutNumber(nextCut!.Value.GetProperty("cut_id").GetString()!) > CutNumber(cutId));
        var earlier = await b.GetJsonAsync($"/api/cuts/{cutId}");
        Assert.True(earlier.GetProperty("complete").GetBoolean());
        var nextSnapshot = await b.PostJsonAsync("/api/snapshot", new { timeout_ms = 5_000 });
        Assert.True(nextSnapshot.GetProperty("snapshot_id").GetInt64() > lastSnapshot);
        Assert.Contains("a", Names(nextSnapshot, "unreachable_nodes", "node"));
        Assert.Equal(["again-c", "loss-b"], Names(nextSnapshot, "processes", "process_name").Order());
    }

    private static List<string> Names(JsonElement answer, string list, string member) =>
        [.. answer.GetProperty(list).EnumerateArray().Select(e => e.GetProperty(member).GetString()!)];

    /// <summary>The node's warnings and errors with the line after each (the console logger puts the message there).</summary>
    private static string Warnings(NodeServer node)
    {
        var lines = node.Output.Split('\n');
        return string.Join('\n', lines.SelectMany((line, i) => line.StartsWith("warn:", StringComparison.Ordinal) || line.StartsWith("fail:", StringComparison.Ordinal)
            ? lines.Skip(i).Take(2) : []).TakeLast(60));
    }

    private static long CutNumber(string cutId) => long.Parse(cutId["cut:".Length..]);

    private static async Task<JsonElement?> TryPost(NodeServer node, string path)
    {
        try
        {
            return await node.PostJsonAsync(path, new { });
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private sealed record Process(long ConnId, string Name, string Node);

    private static async Task<List<Process>> Connected(NodeServer node, int count, Func<Process, bool>? which = null)
    {
        var answer = await Eventually.Until(async () =>
            {
                var listed = await node.GetJsonAsync("/api/connections");
                return listed.GetProperty("processes").EnumerateArray()
                    .Select(p => new Process(p.GetProperty("conn_id").GetInt64(), p.GetProperty("process_name").GetString()!, p.GetProperty("node").GetString()!))
                    .Where(p => !p.Name.StartsWith("unknown-", StringComparison.Ordinal) && (which?.Invoke(p) ?? true))
                    .ToList();
            },
            processes => processes.Count == count, TimeSpan.FromSeconds(30), $"{count} processes listed on {node.Name}");
        return answer;
    }
}
