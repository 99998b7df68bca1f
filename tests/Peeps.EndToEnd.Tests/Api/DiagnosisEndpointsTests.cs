using System.Net;
using System.Text.Json;
using static Peeps.Testing.RpcDeadlockGraphs;
using static Peeps.EndToEnd.Tests.Api.DiagnosisHttp;

namespace Peeps.EndToEnd.Tests.Api;

/// <summary>
/// The diagnosis endpoints over real HTTP, fed by two runtimes over real TCP that answer snapshots with a cycle
/// through an RPC and its callback (<see cref="RpcDeadlockGraphs"/>). The tests only read what the runtimes say.
/// </summary>
public sealed class DiagnosisEndpointsTests(DiagnosisEndpointsTests.StuckPair pair) : IClassFixture<DiagnosisEndpointsTests.StuckPair>
{
    public sealed class StuckPair : IAsyncLifetime
    {
        public PeepsServer Server { get; private set; } = null!;
        public ScriptedRuntime A { get; private set; } = null!;
        public ScriptedRuntime B { get; private set; } = null!;
        public long ConnA { get; private set; }
        public long ConnB { get; private set; }

        public async Task InitializeAsync()
        {
            Server = await PeepsServer.StartAsync();
            // One after the other, so A has the lower conn id and comes first wherever answers sort by process.
            A = await ScriptedRuntime.StartAsync(Server.Ingest, RpcDeadlockGraphs.A, 4101, ProcessA);
            ConnA = await A.ConnIdAsync(Server);
            B = await ScriptedRuntime.StartAsync(Server.Ingest, RpcDeadlockGraphs.B, 4102, ProcessB);
            ConnB = await B.ConnIdAsync(Server);
        }

        public async Task DisposeAsync()
        {
            await A.DisposeAsync();
            await B.DisposeAsync();
            await Server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Diagnosis_of_a_stored_snapshot_finds_the_one_rpc_cycle_across_both_processes()
    {
        var diagnosis = await DiagnosisOfAsync(pair.Server, await SnapshotAsync(pair.Server));

        var deadlock = Assert.Single(diagnosis.GetProperty("deadlocks").EnumerateArray());
        Assert.Equal("certain", deadlock.GetProperty("confidence").GetString());
        Assert.Empty(deadlock.GetProperty("reasons").EnumerateArray());
        Assert.True(deadlock.GetProperty("crosses_processes").GetBoolean());
        Assert.True(deadlock.GetProperty("has_inferred_edges").GetBoolean());
        Assert.Equal([pair.ConnA, pair.ConnB], deadlock.GetProperty("conn_ids").EnumerateArray().Select(c => c.GetInt64()));
        Assert.Equal(CycleMembers, deadlock.GetProperty("members").EnumerateArray()
            .Select(m => (m.GetProperty("process_name").GetString()!, m.GetProperty("entity_id").GetString()!)));
        Assert.Equal(8, deadlock.GetProperty("member_count").GetInt32());
        // Every entity was born at 1 s of a process clock that reads 60 s: each wait in the cycle is 59 s old.
        Assert.Equal(59_000, deadlock.GetProperty("blocked_for_ms").GetInt64());
        var edges = deadlock.GetProperty("edges").EnumerateArray()
            .Select(e => (e.GetProperty("from_entity_id").GetString(), e.GetProperty("to_entity_id").GetString(), e.GetProperty("kind").GetString()))
            .ToHashSet();
        Assert.Equal(8, edges.Count);
        Assert.Contains((CallerRequest, GetResponse, "rpc"), edges);
        Assert.Contains((CallbackRequest, CallbackResponse, "rpc"), edges);
        Assert.Contains((GetResponse, GetHandler, "works_on"), edges);
        Assert.Contains((StateLock, Caller, "needs"), edges);

        var summary = diagnosis.GetProperty("summary");
        Assert.Equal((2, 1, 1, 11), (summary.GetProperty("processes").GetInt32(), summary.GetProperty("deadlocks").GetInt32(),
            summary.GetProperty("certain_deadlocks").GetInt32(), summary.GetProperty("entities").GetInt32()));
    }

    [Fact]
    public async Task Wait_chains_lead_one_head_into_the_deadlock_and_the_other_to_its_root_blocker()
    {
        var diagnosis = await DiagnosisOfAsync(pair.Server, await SnapshotAsync(pair.Server));

        var chains = diagnosis.GetProperty("wait_chains").EnumerateArray().ToList();
        Assert.Equal([Poller, Reader], chains.Select(c => c.GetProperty("head").GetProperty("entity_id").GetString()));
        var intoDeadlock = chains[0];
        Assert.Equal("deadlock", intoDeadlock.GetProperty("ends_in").GetString());
        Assert.Equal([1], intoDeadlock.GetProperty("deadlock_ids").EnumerateArray().Select(d => d.GetInt32()));
        var lockStep = Assert.Single(intoDeadlock.GetProperty("tree").GetProperty("waits_on").EnumerateArray());
        Assert.Equal((StateLock, 1), (lockStep.GetProperty("entity").GetProperty("entity_id").GetString(), lockStep.GetProperty("deadlock_id").GetInt32()));
        Assert.False(lockStep.GetProperty("via").GetProperty("process_hop").GetBoolean());

        var toRoot = chains[1];
        Assert.Equal("root_blocker", toRoot.GetProperty("ends_in").GetString());
        var root = Assert.Single(toRoot.GetProperty("roots").EnumerateArray());
        Assert.Equal((Inbox, "resource_without_holder", RpcDeadlockGraphs.B, pair.ConnB), (
            root.GetProperty("entity").GetProperty("entity_id").GetString(), root.GetProperty("reason").GetString(),
            root.GetProperty("entity").GetProperty("process_name").GetString(), root.GetProperty("entity").GetProperty("conn_id").GetInt64()));
    }

    [Fact]
    public async Task Diagnosis_json_carries_exactly_the_documented_member_names()
    {
        var diagnosis = await DiagnosisOfAsync(pair.Server, await SnapshotAsync(pair.Server));

        Assert.Equal(
            ["captured_at_unix_ms", "dangling_edges", "deadlocks", "snapshot_id", "summary", "unanswered_processes", "unresolved_rpc_links",
             "wait_chains", "wait_chains_truncated", "warnings", "warnings_truncated"],
            Names(diagnosis));
        Assert.Equal(
            ["blocked_entities", "certain_deadlocks", "dangling_edges", "deadlocks", "entities", "inferred_edges", "processes",
             "unanswered_processes", "unresolved_rpc_links", "wait_chains", "wait_edges", "warnings", "warnings_by_id"],
            Names(diagnosis.GetProperty("summary")));
        var deadlock = diagnosis.GetProperty("deadlocks")[0];
        Assert.Equal(
            ["blocked_for_ms", "confidence", "conn_ids", "crosses_processes", "edges", "has_inferred_edges", "id", "member_count", "members",
             "reasons", "truncated"],
            Names(deadlock));
        Assert.Equal(NodeViewNames, Names(deadlock.GetProperty("members")[0]));
        Assert.Equal(["from_conn_id", "from_entity_id", "inferred", "kind", "to_conn_id", "to_entity_id", "wait_ms"], Names(deadlock.GetProperty("edges")[0]));
        var chain = diagnosis.GetProperty("wait_chains")[0];
        Assert.Equal(["blocked_for_ms", "deadlock_ids", "depth", "ends_in", "head", "process_hops", "roots", "tree", "truncated"], Names(chain));
        Assert.Equal(["cut_by", "deadlock_id", "entity", "root", "via", "waits_on"], Names(chain.GetProperty("tree")));
        Assert.Equal(["inferred", "kind", "process_hop", "wait_ms"], Names(chain.GetProperty("tree").GetProperty("waits_on")[0].GetProperty("via")));
        Assert.Equal(["entity", "reason"], Names(diagnosis.GetProperty("wait_chains")[1].GetProperty("roots")[0]));
        var warning = diagnosis.GetProperty("warnings")[0];
        Assert.Equal(["age_ms", "entities", "id", "message", "processes", "threshold_ms"], Names(warning));
    }

    [Fact]
    public async Task Post_diagnose_cuts_snapshots_and_diagnoses_in_one_call_and_stores_the_snapshot_it_names()
    {
        using var response = await pair.Server.Http.PostAsync("/api/diagnose", Json("""{"timeout_ms":3000}"""));
        var fresh = await BodyAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var snapshotId = fresh.GetProperty("snapshot_id").GetInt64();
        Assert.Equal(1, fresh.GetProperty("summary").GetProperty("deadlocks").GetInt32());
        Assert.Empty(fresh.GetProperty("unanswered_processes").EnumerateArray());
        var stored = await DiagnosisOfAsync(pair.Server, snapshotId);
        Assert.Equal(fresh.GetProperty("deadlocks").GetRawText(), stored.GetProperty("deadlocks").GetRawText());
    }

    [Fact]
    public async Task Post_diagnose_without_a_body_uses_the_default_timeout()
    {
        using var response = await pair.Server.Http.PostAsync("/api/diagnose", null);
        var fresh = await BodyAsync(response);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, fresh.GetProperty("summary").GetProperty("deadlocks").GetInt32());
    }

    [Fact]
    public async Task Post_diagnose_with_an_out_of_range_timeout_is_a_400_problem()
    {
        using var response = await pair.Server.Http.PostAsync("/api/diagnose", Json("""{"timeout_ms":0}"""));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "timeout_ms");
    }

    [Fact]
    public async Task Wait_chain_from_one_entity_follows_it_into_the_deadlock()
    {
        var snapshotId = await SnapshotAsync(pair.Server);
        await DiagnosisOfAsync(pair.Server, snapshotId);

        var chain = await pair.Server.GetJsonAsync($"/api/snapshots/{snapshotId}/wait-chain?conn_id={pair.ConnA}&entity_id={Poller}");

        Assert.Equal((pair.ConnA, Poller), (chain.GetProperty("head").GetProperty("conn_id").GetInt64(), chain.GetProperty("head").GetProperty("entity_id").GetString()));
        Assert.Equal("deadlock", chain.GetProperty("ends_in").GetString());
        Assert.Equal(StateLock, Assert.Single(chain.GetProperty("tree").GetProperty("waits_on").EnumerateArray()).GetProperty("entity").GetProperty("entity_id").GetString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("?conn_id=1")]
    [InlineData("?entity_id=aaaa00000006")]
    [InlineData("?conn_id=1&entity_id=")]
    public async Task Wait_chain_without_conn_id_or_entity_id_is_a_400_problem(string query)
    {
        var snapshotId = await SnapshotAsync(pair.Server);

        using var response = await pair.Server.Http.GetAsync($"/api/snapshots/{snapshotId}/wait-chain{query}");

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, "conn_id and entity_id are required");
    }

    [Fact]
    public async Task Wait_chain_of_an_entity_the_snapshot_lacks_is_a_404_problem_naming_it()
    {
        var snapshotId = await SnapshotAsync(pair.Server);
        await DiagnosisOfAsync(pair.Server, snapshotId);

        using var response = await pair.Server.Http.GetAsync($"/api/snapshots/{snapshotId}/wait-chain?conn_id={pair.ConnB}&entity_id={Poller}");

        await AssertProblemAsync(response, HttpStatusCode.NotFound, Poller);
    }

    [Theory]
    [InlineData("/api/snapshots/987654/diagnosis")]
    [InlineData("/api/snapshots/987654/wait-chain?conn_id=1&entity_id=x")]
    [InlineData("/api/snapshots/987654/diff/1")]
    [InlineData("/api/snapshots/1/diff/987654")]
    public async Task Unknown_snapshot_ids_are_404_problems_naming_the_id(string path)
    {
        // Snapshot 1 exists, so the diff's other side is the one that is missing.
        await DiagnosisOfAsync(pair.Server, await SnapshotAsync(pair.Server));

        using var response = await pair.Server.Http.GetAsync(path);

        await AssertProblemAsync(response, HttpStatusCode.NotFound, "no stored snapshot 987654");
    }

    private static readonly string[] NodeViewNames = ["age_ms", "conn_id", "entity_id", "kind", "name", "pid", "process_name", "source", "state"];
}
