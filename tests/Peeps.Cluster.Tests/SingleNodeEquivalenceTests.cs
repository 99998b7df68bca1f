using System.Net.Http.Json;
using System.Text.Json;
using Peeps.Cluster.Tests.Support;
using Peeps.Storage.QueryPacks;
using static Peeps.Testing.SampleBatches;

namespace Peeps.Cluster.Tests;

/// <summary>
/// The cluster answers as one node holding all the data would: the same runtimes, spread over three nodes and fed
/// to one single node, give the same connections and processes, the same pack rows in the same order, and the same
/// diagnosis, of a fresh snapshot and of the graph rebuilt from history.
/// </summary>
public sealed class SingleNodeEquivalenceTests(TestCluster cluster) : IClassFixture<TestCluster>
{
    // Differ by design between the two servers: connection ids (the cluster's carry node numbers), server clocks, and
    // the diagnosis packs' numbering of deadlocks and chains, which each shard counts from 1.
    private static bool Comparable(string column) =>
        !column.EndsWith("_ns", StringComparison.Ordinal) && !column.Contains("conn_id", StringComparison.Ordinal) && column is not ("deadlock" or "chain");

    [Fact]
    public async Task Connections_processes_packs_and_diagnoses_equal_those_of_one_node_fed_the_same_runtimes()
    {
        await using var single = await PeepsServer.StartAsync();
        var runtimes = new List<IAsyncDisposable>();
        try
        {
            var pid = 500u;
            foreach (var node in cluster.Nodes)
            {
                // Sent to one server, committed, then to the other: both see the batches in the same order, so
                // rows ordered by their update time order alike.
                var name = $"loader-{node.Name}";
                var batch = LoaderBatch(name);
                var clustered = RuntimeClient.Connect(node.Ingest);
                runtimes.Add(new Disposing(clustered));
                await clustered.HandshakeAsync(name, pid);
                await clustered.SendJsonAsync(batch);
                await Eventually.Until(() => EdgesOn(node), n => n == 3, TimeSpan.FromSeconds(20), $"{name}'s edges committed on {node.Name}");
                var alone = RuntimeClient.Connect(single.Ingest);
                runtimes.Add(new Disposing(alone));
                await alone.HandshakeAsync(name, pid);
                await alone.SendJsonAsync(batch);
                await Eventually.Until(async () => await single.CountAsync("SELECT count(*) FROM edges"), n => n == 3 * (pid - 499), TimeSpan.FromSeconds(20),
                    $"{name}'s edges committed on the single node");
                pid++;
            }
            // An RPC deadlock across two processes that live on different nodes of the cluster.
            runtimes.Add(await ScriptedRuntime.StartAsync(cluster["a"].Ingest, RpcDeadlockGraphs.A, 10, RpcDeadlockGraphs.ProcessA));
            runtimes.Add(await ScriptedRuntime.StartAsync(cluster["b"].Ingest, RpcDeadlockGraphs.B, 11, RpcDeadlockGraphs.ProcessB));
            runtimes.Add(await ScriptedRuntime.StartAsync(single.Ingest, RpcDeadlockGraphs.A, 10, RpcDeadlockGraphs.ProcessA));
            runtimes.Add(await ScriptedRuntime.StartAsync(single.Ingest, RpcDeadlockGraphs.B, 11, RpcDeadlockGraphs.ProcessB));

            var expected = await Eventually.Until(() => Processes(single.Http), p => p.Count == 5 && p.All(x => !x.StartsWith("unknown-")),
                TimeSpan.FromSeconds(20), "five named processes on the single node");
            var listed = await Eventually.Until(() => Processes(cluster["c"].Http), p => p.SequenceEqual(expected),
                TimeSpan.FromSeconds(20), "the cluster listing the same processes");
            Assert.Equal(expected, listed);

            foreach (var pack in QueryPackCatalog.Named)
            {
                var unordered = DiagnosisQueryPacks.All.Contains(pack);
                foreach (var limit in unordered ? [1000] : new[] { 1000, 2 })
                {
                    var want = Comparable(await QueryAsync(single.Http, pack.Name, limit), unordered);
                    var got = Comparable(await QueryAsync(cluster["b"].Http, pack.Name, limit), unordered);
                    Assert.True(want.SequenceEqual(got), $"pack {pack.Name} (limit {limit}):\nsingle:  {string.Join(" | ", want)}\ncluster: {string.Join(" | ", got)}");
                }
            }
            Assert.NotEmpty(Comparable(await QueryAsync(single.Http, "blockers", 1000), unordered: false));

            var singleDiagnosis = await DiagnoseAsync(single.Http);
            var clusterDiagnosis = await DiagnoseAsync(cluster["a"].Http);
            Assert.NotEmpty(Deadlocks(singleDiagnosis));
            Assert.Equal(Deadlocks(singleDiagnosis), Deadlocks(clusterDiagnosis));
            Assert.Equal(ChainHeads(singleDiagnosis), ChainHeads(clusterDiagnosis));

            Assert.Equal(await ProcessesOnce(single.Http), await ProcessesOnce(cluster["b"].Http));

            // The graph rebuilt from history: each node replays its own shard, and the cluster's answer is one graph.
            // Only the loaders sent batches (the scripted runtimes answer snapshots alone), one on each node: the chains are theirs.
            var at = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000;
            var singleAt = await GetJsonAsync(single.Http, $"/api/graph/diagnosis?at={at}");
            var clusterAt = await GetJsonAsync(cluster["c"].Http, $"/api/graph/diagnosis?at={at}");
            Assert.NotEmpty(ChainHeads(singleAt));
            Assert.Equal(ChainHeads(singleAt), ChainHeads(clusterAt));
            Assert.Equal(Deadlocks(singleAt), Deadlocks(clusterAt));
            var singleGraph = await GetJsonAsync(single.Http, $"/api/graph?at={at}");
            var clusterGraph = await GetJsonAsync(cluster["a"].Http, $"/api/graph?at={at}");
            Assert.Equal(GraphProcesses(singleGraph), GraphProcesses(clusterGraph));
            Assert.Equal(5, clusterGraph.GetProperty("processes").GetArrayLength());
            Assert.Empty(clusterGraph.GetProperty("unreachable_nodes").EnumerateArray());
        }
        finally
        {
            foreach (var runtime in runtimes) await runtime.DisposeAsync();
        }
    }

    private static string LoaderBatch(string process) => Batch($"{process}:1", 0, 6,
    [
        Change(0, "upsert_entity", Entity("w1", "job.send")),
        Change(1, "upsert_entity", Entity("w2", "job.recv")),
        Change(2, "upsert_entity", Entity("lk", "lock")),
        Change(3, "upsert_edge", """{"src":"w1","dst":"lk","kind":"needs","meta":null}"""),
        Change(4, "upsert_edge", """{"src":"w2","dst":"w1","kind":"needs","meta":null}"""),
        Change(5, "upsert_edge", """{"src":"w2","dst":"lk","kind":"needs","meta":null}"""),
    ]);

    private static async Task<long> EdgesOn(NodeServer node)
    {
        var answer = await node.PostJsonAsync("/api/sql", new { sql = "SELECT count(*) FROM edges", node = node.Name });
        return answer.GetProperty("rows")[0][0].GetInt64();
    }

    private static async Task<List<string>> Processes(HttpClient http)
    {
        using var answer = JsonDocument.Parse(await http.GetStringAsync("/api/connections"));
        return [.. answer.RootElement.GetProperty("processes").EnumerateArray()
            .Select(p => $"{p.GetProperty("process_name").GetString()}/{p.GetProperty("pid").GetUInt32()}")];
    }

    private static async Task<List<string>> ProcessesOnce(HttpClient http)
    {
        var answer = await GetJsonAsync(http, "/api/processes");
        return [.. answer.GetProperty("processes").EnumerateArray()
            .Select(p => $"{p.GetProperty("process_name").GetString()}/{p.GetProperty("pid").GetInt64()}/{p.GetProperty("connected").GetBoolean()}/{p.GetProperty("entities")}")];
    }

    private static List<string> GraphProcesses(JsonElement graph) =>
        [.. new[] { "processes", "processes_without_snapshot" }.SelectMany(member => graph.GetProperty(member).EnumerateArray()
            .Select(p => $"{member}:{p.GetProperty("process_name").GetString()}/{p.GetProperty("pid").GetInt64()}"))
            .Order(StringComparer.Ordinal)];

    private static async Task<JsonElement> GetJsonAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static async Task<JsonElement> QueryAsync(HttpClient http, string pack, int limit)
    {
        using var response = await http.PostAsJsonAsync("/api/query", new { name = pack, limit });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"pack {pack}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static List<string> Comparable(JsonElement answer, bool unordered)
    {
        var columns = answer.GetProperty("columns").EnumerateArray().Select(c => c.GetString()!).ToList();
        var rows = answer.GetProperty("rows").EnumerateArray()
            .Select(r => string.Join(",", r.EnumerateArray().Where((_, i) => Comparable(columns[i])).Select(v => v.GetRawText())))
            .ToList();
        return unordered ? [.. rows.Order(StringComparer.Ordinal)] : rows;
    }

    private static async Task<JsonElement> DiagnoseAsync(HttpClient http)
    {
        using var response = await http.PostAsJsonAsync("/api/diagnose", new { timeout_ms = 5_000 });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"diagnose: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static List<string> Deadlocks(JsonElement report) =>
        [.. report.GetProperty("deadlocks").EnumerateArray()
            .Select(d => string.Join(" ", d.GetProperty("members").EnumerateArray()
                .Select(m => $"{m.GetProperty("process_name").GetString()}:{m.GetProperty("entity_id").GetString()}").Order(StringComparer.Ordinal)))
            .Order(StringComparer.Ordinal)];

    private static List<string> ChainHeads(JsonElement report) =>
        [.. report.GetProperty("wait_chains").EnumerateArray()
            .Select(c => c.GetProperty("head"))
            .Select(h => $"{h.GetProperty("process_name").GetString()}:{h.GetProperty("entity_id").GetString()}")
            .Order(StringComparer.Ordinal)];

    private sealed class Disposing(IDisposable inner) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            inner.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
