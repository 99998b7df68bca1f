using System.Text.Json;
using Peeps.Cluster.Tests.Support;
using Peeps.Web.Cluster;

namespace Peeps.Cluster.Tests;

/// <summary>Cuts and snapshots run by the singletons reach every process on every node, and ids never collide.</summary>
public sealed class ClusterCoordinationTests(TestCluster cluster) : IClassFixture<TestCluster>
{
    private static readonly string[] NodeNames = ["a", "b", "c"];

    [Fact]
    public async Task A_cut_and_a_snapshot_asked_on_any_node_reach_every_process_on_every_node()
    {
        var runtimes = await StartRuntimesAsync("reach", perNode: 2);
        try
        {
            var names = runtimes.Select(r => r.ProcessName).ToHashSet();
            await WaitConnectedAsync(cluster["a"], names);

            var cut = await cluster["b"].PostJsonAsync("/api/cuts", new { });
            Assert.Equal(6, cut.GetProperty("requested_connections").GetInt32());
            var cutId = cut.GetProperty("cut_id").GetString();
            var status = await Eventually.Until(() => cluster["c"].GetJsonAsync($"/api/cuts/{cutId}"),
                s => s.GetProperty("complete").GetBoolean(), TimeSpan.FromSeconds(20), "the cut complete");
            Assert.All(status.GetProperty("connections").EnumerateArray(), c => Assert.Equal("committed", c.GetProperty("state").GetString()));
            Assert.Equal(names, status.GetProperty("connections").EnumerateArray().Select(c => c.GetProperty("process_name").GetString()!).ToHashSet());

            var snapshot = await cluster["c"].PostJsonAsync("/api/snapshot", new { timeout_ms = 10_000 });
            Assert.Equal(names, snapshot.GetProperty("processes").EnumerateArray().Select(p => p.GetProperty("process_name").GetString()!).ToHashSet());
            Assert.Empty(snapshot.GetProperty("timed_out_processes").EnumerateArray());
            Assert.Empty(snapshot.GetProperty("unreachable_nodes").EnumerateArray());
            Assert.Equal(NodeNames, snapshot.GetProperty("nodes").EnumerateArray().Select(n => n.GetString()!));

            // Recorded in every shard: the node that did not host the coordinator reads it back too.
            var id = snapshot.GetProperty("snapshot_id").GetInt64();
            foreach (var node in cluster.Nodes)
                await Eventually.Until(async () => (await node.Http.GetAsync($"/api/snapshots/{id}")).IsSuccessStatusCode, ok => ok,
                    TimeSpan.FromSeconds(10), $"snapshot {id} readable on {node.Name}");
        }
        finally
        {
            foreach (var runtime in runtimes) await runtime.DisposeAsync();
        }
    }

    [Fact]
    public async Task Connection_cut_and_snapshot_ids_never_collide_between_nodes()
    {
        var runtimes = await StartRuntimesAsync("ids", perNode: 3);
        try
        {
            var connections = await WaitConnectedAsync(cluster["b"], runtimes.Select(r => r.ProcessName).ToHashSet());
            var ids = connections.Select(p => (Id: p.GetProperty("conn_id").GetInt64(), Node: p.GetProperty("node").GetString()!)).ToList();
            Assert.Equal(ids.Count, ids.Select(i => i.Id).Distinct().Count());
            // Each id carries its node's number: ids from different nodes cannot meet.
            Assert.All(ids, i => Assert.Equal(cluster[i.Node].Number, ConnectionIdSpace.NodeOf(i.Id)));

            var cutIds = new List<string>();
            var snapshotIds = new List<long>();
            foreach (var node in cluster.Nodes)
            {
                cutIds.Add((await node.PostJsonAsync("/api/cuts", new { })).GetProperty("cut_id").GetString()!);
                snapshotIds.Add((await node.PostJsonAsync("/api/snapshot", new { timeout_ms = 5_000 })).GetProperty("snapshot_id").GetInt64());
            }
            Assert.Equal(cutIds.Count, cutIds.Distinct().Count());
            Assert.Equal(snapshotIds.Order(), snapshotIds);
            Assert.Equal(snapshotIds.Count, snapshotIds.Distinct().Count());
        }
        finally
        {
            foreach (var runtime in runtimes) await runtime.DisposeAsync();
        }
    }

    private async Task<List<ScriptedRuntime>> StartRuntimesAsync(string prefix, int perNode)
    {
        var runtimes = new List<ScriptedRuntime>();
        var pid = 100u;
        foreach (var node in cluster.Nodes)
            for (var i = 0; i < perNode; i++)
                runtimes.Add(await ScriptedRuntime.StartAsync(node.Ingest, $"{prefix}-{node.Name}-{i}", pid++, SnapshotGraphs.Graph([], [])));
        return runtimes;
    }

    /// <summary>Until the node lists exactly these processes (named, so identified) across the cluster.</summary>
    private static async Task<List<JsonElement>> WaitConnectedAsync(NodeServer node, IReadOnlySet<string> names)
    {
        var answer = await Eventually.Until(() => node.GetJsonAsync("/api/connections"),
            a => a.GetProperty("processes").EnumerateArray().Select(p => p.GetProperty("process_name").GetString()!).ToHashSet().SetEquals(names),
            TimeSpan.FromSeconds(20), $"{string.Join(", ", names)} connected");
        return [.. answer.GetProperty("processes").EnumerateArray()];
    }
}
