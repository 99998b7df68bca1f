using System.Net;
using System.Text.Json;
using Peeps.Ingest;
using Peeps.Testing;
using static Peeps.Testing.RpcDeadlockGraphs;
using static Peeps.EndToEnd.Tests.Api.DiagnosisHttp;

namespace Peeps.EndToEnd.Tests.History;

/// <summary>
/// The graph at a past instant over real HTTP, rebuilt from batches two runtimes sent over real TCP into a real
/// SQLite file: the two processes of <see cref="RpcDeadlockGraphs"/>, whose cycle B later breaks.
/// </summary>
public sealed class GraphEndpointsTests : IAsyncLifetime
{
    private PeepsServer _server = null!;
    private RuntimeClient _a = null!, _b = null!;

    public async Task InitializeAsync()
    {
        _server = await PeepsServer.StartAsync();
        _a = _server.Connect();
        await _a.HandshakeAsync(A, 4101);
        // A before B, so A has the lower conn id and comes first wherever answers sort by process.
        await Eventually.Until(() => _server.CountAsync($"select count(*) from connections where process_name = '{A}'"), n => n == 1, what: $"{A} identified");
        _b = _server.Connect();
        await _b.HandshakeAsync(B, 4102);
    }

    public async Task DisposeAsync()
    {
        _a.Dispose();
        _b.Dispose();
        await _server.DisposeAsync();
    }

    private async Task SendAndAwaitAsync(RuntimeClient client, string stream, string batchJson, long nextSeqNo)
    {
        await client.SendJsonAsync(batchJson);
        await Eventually.Until(() => _server.CountAsync($"select count(*) from stream_cursors where stream_id = '{stream}' and next_seq_no = {nextSeqNo}"),
            n => n == 1, what: $"{stream} committed up to {nextSeqNo}");
    }

    private async Task<long> BuildCycleAsync()
    {
        await SendAndAwaitAsync(_a, "proc:4101", GraphBatches.Building("proc:4101", 0, ProcessA), GraphBatches.Changes(ProcessA));
        await SendAndAwaitAsync(_b, "proc:4102", GraphBatches.Building("proc:4102", 0, ProcessB), GraphBatches.Changes(ProcessB));
        return UnixTime.NowNs();
    }

    private async Task<JsonElement> GetOkAsync(string path)
    {
        using var response = await _server.Http.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await BodyAsync(response);
    }

    [Fact]
    public async Task The_graph_at_an_instant_holds_what_the_tables_held_then_for_every_process()
    {
        var at = await BuildCycleAsync();

        var graph = await GetOkAsync($"/api/graph?at={at}");

        Assert.True(graph.GetProperty("rebuilt_from_history").GetBoolean());
        Assert.Equal(at, graph.GetProperty("at_ns").GetInt64());
        var processes = graph.GetProperty("processes").EnumerateArray().ToList();
        Assert.Equal([A, B], processes.Select(p => p.GetProperty("process_name").GetString()));
        foreach (var process in processes)
        {
            var connId = process.GetProperty("process_id").GetInt64();
            var tables = await _server.SqlAsync($"select entity_json from entities where conn_id = {connId} order by entity_id");
            Assert.Equal(tables.Rows.Select(r => r[0].GetString()),
                process.GetProperty("snapshot").GetProperty("entities").EnumerateArray().Select(e => e.GetRawText()));
            var edges = await _server.CountAsync($"select count(*) from edges where conn_id = {connId}");
            Assert.Equal(edges, process.GetProperty("snapshot").GetProperty("edges").GetArrayLength());
            Assert.InRange(process.GetProperty("state_age_ms").GetInt64(), 0, long.MaxValue);
            Assert.Equal("held", Assert.Single(process.GetProperty("streams").EnumerateArray()).GetProperty("status").GetString());
        }
        Assert.Empty(graph.GetProperty("processes_without_snapshot").EnumerateArray());
    }

    [Fact]
    public async Task Diagnosis_at_an_instant_finds_the_cycle_that_existed_then_and_not_after_it_was_broken()
    {
        var stuck = await BuildCycleAsync();
        await SendAndAwaitAsync(_b, "proc:4102", GraphBatches.Removing("proc:4102", (ulong)GraphBatches.Changes(ProcessB), GetHandler),
            GraphBatches.Changes(ProcessB) + 1);
        var resolved = UnixTime.NowNs();

        var then = await GetOkAsync($"/api/graph/diagnosis?at={stuck}");
        var deadlock = Assert.Single(then.GetProperty("deadlocks").EnumerateArray());
        Assert.Equal("certain", deadlock.GetProperty("confidence").GetString());
        Assert.Equal(CycleMembers, deadlock.GetProperty("members").EnumerateArray()
            .Select(m => (m.GetProperty("process_name").GetString()!, m.GetProperty("entity_id").GetString()!)));

        var now = await GetOkAsync($"/api/graph/diagnosis?at={resolved}");
        Assert.Empty(now.GetProperty("deadlocks").EnumerateArray());

        var chain = await GetOkAsync($"/api/graph/wait-chain?at={stuck}&conn_id={await ConnOfAsync(A)}&entity_id={Poller}");
        Assert.Equal("deadlock", chain.GetProperty("ends_in").GetString());
    }

    [Fact]
    public async Task Process_narrows_the_graph_to_one_process_by_name_or_id()
    {
        var at = await BuildCycleAsync();

        var byName = await GetOkAsync($"/api/graph?at={at}&process={B}");
        Assert.Equal([B], byName.GetProperty("processes").EnumerateArray().Select(p => p.GetProperty("process_name").GetString()));
        var byId = await GetOkAsync($"/api/graph?at={at}&process={await ConnOfAsync(A)}");
        Assert.Equal([A], byId.GetProperty("processes").EnumerateArray().Select(p => p.GetProperty("process_name").GetString()));
    }

    [Fact]
    public async Task Before_a_process_connected_it_is_absent_and_before_its_first_batch_its_graph_is_empty()
    {
        var beforeBatches = UnixTime.NowNs();
        await BuildCycleAsync();

        var graph = await GetOkAsync($"/api/graph?at={beforeBatches}");
        foreach (var process in graph.GetProperty("processes").EnumerateArray())
            Assert.Equal(0, process.GetProperty("snapshot").GetProperty("entities").GetArrayLength());
        var beforeConnections = await GetOkAsync("/api/graph?at=1");
        Assert.Empty(beforeConnections.GetProperty("processes").EnumerateArray());
    }

    [Fact]
    public async Task A_missing_or_future_instant_is_a_bad_request_problem()
    {
        await AssertProblemAsync(await _server.Http.GetAsync("/api/graph"), HttpStatusCode.BadRequest, "at (unix time in nanoseconds) is required");
        var future = UnixTime.NowNs() + 3_600_000_000_000;
        await AssertProblemAsync(await _server.Http.GetAsync($"/api/graph?at={future}"), HttpStatusCode.BadRequest, "is in the future");
        await AssertProblemAsync(await _server.Http.GetAsync($"/api/graph/diagnosis?at={future}"), HttpStatusCode.BadRequest, "is in the future");
    }

    [Fact]
    public async Task The_timeline_spans_the_stored_batches_and_marks_snapshots_cuts_and_connections()
    {
        await BuildCycleAsync();
        await _server.PostJsonAsync("/api/cuts", "{}");

        var timeline = await Eventually.Until(() => GetOkAsync("/api/graph/timeline"),
            t => t.GetProperty("cuts").GetArrayLength() == 1, what: "the cut recorded");
        Assert.True(timeline.GetProperty("oldest_batch_ns").GetInt64() <= timeline.GetProperty("newest_batch_ns").GetInt64());
        Assert.True(timeline.GetProperty("newest_batch_ns").GetInt64() <= timeline.GetProperty("now_ns").GetInt64());
        Assert.Equal([A, B], timeline.GetProperty("connections").EnumerateArray().Select(c => c.GetProperty("process_name").GetString()));
    }

    private async Task<long> ConnOfAsync(string processName) =>
        await _server.CountAsync($"select conn_id from connections where process_name = '{processName}'");
}
