using System.Text.Json;
using static Peeps.Testing.SampleBatches;
using static Peeps.EndToEnd.Tests.Ingest.ReferenceMaterialization;

namespace Peeps.EndToEnd.Tests.Ingest;

/// <summary>Every change variant, sent over real TCP, lands in the tables exactly as the reference materializes it.</summary>
public sealed class MaterializationTests : IAsyncLifetime
{
    private PeepsServer _server = null!;

    public async Task InitializeAsync() => _server = await PeepsServer.StartAsync();

    public Task DisposeAsync() => _server.DisposeAsync().AsTask();

    private const string Stream = "proc:42";

    private static readonly string[] FirstBatch =
    [
        Change(0, "upsert_entity", Entity("fut1", "mpsc.send")),
        Change(1, "upsert_entity", Entity("chan1", "work.queue", """{"channel_tx":{"lifecycle":"open","details":{"mpsc":{"buffer":{"occupancy":128,"capacity":128}}}}}""")),
        Change(2, "upsert_entity", Entity("gone", "will.be.removed")),
        Change(3, "upsert_scope", """{"id":"s1","birth":5,"source":"src/main.rs:1","name":"main","body":"process","meta":{}}"""),
        Change(4, "upsert_entity_scope_link", """{"entity_id":"fut1","scope_id":"s1"}"""),
        Change(5, "upsert_entity_scope_link", """{"entity_id":"gone","scope_id":"s1"}"""),
        Change(6, "upsert_edge", """{"src":"fut1","dst":"chan1","kind":"needs","meta":null}"""),
        Change(7, "upsert_edge", """{"src":"gone","dst":"chan1","kind":"polls","meta":null}"""),
        Change(8, "upsert_edge", """{"src":"chan1","dst":"gone","kind":"channel_link","meta":{"note":1}}"""),
        Change(9, "append_event", """{"id":"ev1","at":1234,"source":"src/q.rs:9","target":{"entity":"chan1"},"kind":"channel_sent","meta":{"outcome":"full","queue_len":128}}"""),
        Change(10, "upsert_entity", Entity("novel", "new.kind", """{"quantum_link":{"entangled":true}}""")),
    ];

    private static readonly string[] SecondBatch =
    [
        Change(11, "remove_entity", """{"id":"gone"}"""),
        Change(12, "upsert_scope", """{"id":"s2","birth":6,"source":"src/main.rs:2","name":"worker","body":"thread","meta":{}}"""),
        Change(13, "upsert_entity_scope_link", """{"entity_id":"fut1","scope_id":"s2"}"""),
        Change(14, "remove_scope", """{"id":"s2"}"""),
        Change(15, "upsert_edge", """{"src":"fut1","dst":"novel","kind":"rpc_link","meta":null}"""),
        Change(16, "remove_edge", """{"src":"fut1","dst":"novel","kind":"rpc_link"}"""),
        Change(17, "upsert_entity_scope_link", """{"entity_id":"novel","scope_id":"s1"}"""),
        Change(18, "remove_entity_scope_link", """{"entity_id":"novel","scope_id":"s1"}"""),
    ];

    private async Task<long> SendBothBatchesAsync()
    {
        using var client = _server.Connect();
        await client.HandshakeAsync("worker-a", 42);
        await client.SendJsonAsync(Batch(Stream, 0, 11, FirstBatch));
        await client.SendJsonAsync(Batch(Stream, 11, 19, SecondBatch, truncated: true));
        await Eventually.Until(() => _server.CountAsync("select count(*) from stream_cursors where next_seq_no = 19"), n => n == 1);
        return (await _server.SqlAsync("select conn_id from connections where process_name = 'worker-a'")).Rows[0][0].GetInt64();
    }

    [Fact]
    public async Task Entities_are_stored_verbatim_and_removal_cascades_to_links_and_edges()
    {
        var connId = await SendBothBatchesAsync();

        var entities = await _server.SqlAsync("select conn_id, stream_id, entity_id, entity_json from entities order by entity_id");
        Assert.Equal(["chan1", "fut1", "novel"], entities.Rows.Select(r => r[2].GetString()));
        Assert.All(entities.Rows, r => Assert.Equal(connId, r[0].GetInt64()));
        Assert.All(entities.Rows, r => Assert.Equal(Stream, r[1].GetString()));
        Assert.Equal(Entity("fut1", "mpsc.send"), entities.Rows[1][3].GetString());
        Assert.Equal(Entity("novel", "new.kind", """{"quantum_link":{"entangled":true}}"""), entities.Rows[2][3].GetString());

        var edges = await _server.SqlAsync("select src_id, dst_id, kind_json, edge_json from edges order by src_id");
        var edge = Assert.Single(edges.Rows);
        Assert.Equal(["fut1", "chan1", "\"needs\""], edge.Take(3).Select(v => v.GetString()));
        Assert.Equal("""{"src":"fut1","dst":"chan1","kind":"needs","meta":null}""", edge[3].GetString());
    }

    [Fact]
    public async Task Scopes_links_and_events_follow_their_changes()
    {
        await SendBothBatchesAsync();

        var scopes = await _server.SqlAsync("select scope_id, json_extract(scope_json, '$.name') from scopes");
        Assert.Equal("s1", Assert.Single(scopes.Rows)[0].GetString());

        var links = await _server.SqlAsync("select entity_id, scope_id from entity_scope_links");
        var link = Assert.Single(links.Rows);
        Assert.Equal(["fut1", "s1"], link.Select(v => v.GetString()));

        var events = await _server.SqlAsync("select seq_no, event_id, at_ms, json_extract(event_json, '$.meta.outcome') from events");
        var ev = Assert.Single(events.Rows);
        Assert.Equal(9, ev[0].GetInt64());
        Assert.Equal("ev1", ev[1].GetString());
        Assert.Equal(1234, ev[2].GetInt64());
        Assert.Equal("full", ev[3].GetString());
    }

    [Fact]
    public async Task Each_batch_is_recorded_with_its_payload_and_advances_the_cursor()
    {
        var connId = await SendBothBatchesAsync();

        var batches = await _server.SqlAsync(
            "select conn_id, stream_id, from_seq_no, next_seq_no, truncated, compacted_before_seq_no, change_count, json_extract(payload_json, '$.next_seq_no') from delta_batches order by id");
        Assert.Equal(2, batches.RowCount);
        Assert.Equal([0L, 11L, 0L, 11L, 11L], new[] { 2, 3, 4, 6, 7 }.Select(i => batches.Rows[0][i].GetInt64()));
        Assert.Equal([11L, 19L, 1L, 8L, 19L], new[] { 2, 3, 4, 6, 7 }.Select(i => batches.Rows[1][i].GetInt64()));
        Assert.All(batches.Rows, r => Assert.Equal(System.Text.Json.JsonValueKind.Null, r[5].ValueKind));

        var cursor = Assert.Single((await _server.SqlAsync("select conn_id, stream_id, next_seq_no from stream_cursors")).Rows);
        Assert.Equal(connId, cursor[0].GetInt64());
        Assert.Equal(19, cursor[2].GetInt64());
    }

    [Fact]
    public async Task Compacted_batches_record_where_history_was_cut()
    {
        using var client = _server.Connect();
        await client.HandshakeAsync("compactor", 7);
        await client.SendJsonAsync("""{"delta_batch":{"stream_id":"proc:7","from_seq_no":500,"next_seq_no":501,"changes":[{"seq_no":500,"change":{"upsert_entity":{"id":"x","birth":1,"source":"a.rs:1","name":"x","body":"future","meta":{}}}}],"truncated":false,"compacted_before_seq_no":500}}""");

        var rows = await Eventually.Until(() => _server.SqlAsync("select compacted_before_seq_no, from_seq_no from delta_batches"), r => r.RowCount == 1);
        Assert.Equal(500, rows.Rows[0][0].GetInt64());
    }

    private const int ConcurrentProcesses = 4;
    private const int BatchesBeforeReconnect = 3;
    private static readonly string[] EdgeKinds = ["needs", "polls", "closed_by", "channel_link", "rpc_link"];

    [Fact]
    public async Task Concurrent_clients_reusing_the_same_ids_leave_exactly_the_reference_tables()
    {
        var started = UnixNs();
        var scripts = Enumerable.Range(1, ConcurrentProcesses).ToDictionary(k => k, k => Batches(k, Script(k)));
        var models = new Dictionary<string, ReferenceMaterialization>();
        var clients = new List<RuntimeClient>();
        try
        {
            // The last process reconnects mid-stream and resends its history from 0, as the Rust client does.
            await Task.WhenAll(Enumerable.Range(1, ConcurrentProcesses).Select(k => Task.Run(() => k < ConcurrentProcesses
                ? SendAsync(k, 0, scripts[k], clients, models)
                : SendWithReconnectAsync(k, scripts[k], clients, models))));
            var batchCount = models.Values.Sum(m => m.Batches.Count());
            await Eventually.Until(() => _server.CountAsync("select count(*) from delta_batches"), n => n == batchCount,
                TimeSpan.FromSeconds(30), "every batch committed");
            var ended = UnixNs();

            var labels = await ConnectionLabelsAsync();
            var received = await AssertBatchesAsync(labels, models, started, ended);
            await AssertConnectionsAsync(labels, received, started, ended);
            await AssertTableAsync("entities", "entity_id, entity_json, updated_at_ns", labels, received, models, m => m.Entities);
            await AssertTableAsync("scopes", "scope_id, scope_json, updated_at_ns", labels, received, models, m => m.Scopes);
            await AssertTableAsync("entity_scope_links", "entity_id, scope_id, updated_at_ns", labels, received, models, m => m.Links);
            await AssertTableAsync("edges", "src_id, dst_id, kind_json, edge_json, updated_at_ns", labels, received, models, m => m.Edges);
            await AssertTableAsync("events", "seq_no, event_id, event_json, at_ms", labels, received, models, m => m.Events);
            await AssertTableAsync("stream_cursors", "next_seq_no, updated_at_ns", labels, received, models, m => m.Cursors);
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }
    }

    private static long UnixNs() => (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks * 100;

    private static string Label(int k, int connection) => $"mat-{k}#{connection}";

    private static string StreamOf(int k) => $"proc:{100 + k}";

    /// <summary>Every variant and cascade once in a fixed prefix, then a seeded random tail over the same small id space.</summary>
    private static List<Op> Script(int k)
    {
        string EntityJson(string id, string body, int version = 0) =>
            $$$"""{"id":"{{{id}}}","birth":{{{10 * k}}},"source":"src/p{{{k}}}.rs:{{{version}}}","name":"p{{{k}}}.{{{id}}}.v{{{version}}}","body":{{{body}}},"meta":{"k":{{{k}}}}}""";
        string ScopeJson(string id, string body, int version = 0) =>
            $$$"""{"id":"{{{id}}}","birth":{{{k}}},"source":"src/main.rs:{{{k}}}","name":"p{{{k}}}.{{{id}}}.v{{{version}}}","body":"{{{body}}}","meta":{}}""";
        UpsertEdge Edge(string src, string dst, string kind, string meta = "null") =>
            new(src, dst, kind, $$"""{"src":"{{src}}","dst":"{{dst}}","kind":"{{kind}}","meta":{{meta}}}""");
        AppendEvent Event(string id, long at, string target, string kind, string meta) =>
            new(id, at, $$"""{"id":"{{id}}","at":{{at}},"source":"src/ev.rs:{{k}}","target":{{target}},"kind":"{{kind}}","meta":{{meta}}}""");

        string[] bodies =
        [
            "\"future\"",
            """{"channel_tx":{"lifecycle":"open","details":{"mpsc":{"buffer":{"occupancy":3,"capacity":8}}}}}""",
            """{"lock":{"kind":"mutex"}}""",
            $$$"""{"quantum_link":{"entangled":{{{k}}}}}""",
            """{"request":{"method":"Svc.call","args_preview":"(1)"}}""",
            """{"channel_rx":{"lifecycle":{"closed":"sender_dropped"},"details":{"oneshot":{"state":"sent"}}}}""",
        ];
        List<Op> ops =
        [
            .. Enumerable.Range(0, 5).Select(i => new UpsertEntity($"e{i}", EntityJson($"e{i}", bodies[i]))),
            new UpsertScope("s0", ScopeJson("s0", "process")),
            new UpsertScope("s1", ScopeJson("s1", "task")),
            new Link("e0", "s0"), new Link("e1", "s0"), new Link("e2", "s1"), new Link("e3", "s1"),
            Edge("e0", "e1", "needs"), Edge("e1", "e2", "channel_link"), Edge("e2", "e0", "polls"),
            Edge("e3", "e1", "closed_by", """{"why":"drop"}"""), Edge("e0", "e3", "rpc_link"),
            Event("ev", 100 + k, """{"entity":"e1"}""", "channel_sent", """{"outcome":"full","queue_len":8}"""),
            Event("ev", 200 + k, """{"scope":"s0"}""", "state_changed", "null"),
            new RemoveEntity("e2"),
            new RemoveScope("s1"),
            new RemoveEdge("e0", "e3", "rpc_link"),
            new Unlink("e1", "s0"),
            new UpsertEntity("e0", EntityJson("e0", bodies[0], version: 1)),
            Edge("e0", "e1", "needs", $$"""{"again":{{k}}}"""),
            new Link("e0", "s0"),
        ];
        var random = new Random(1000 + k);
        for (var i = 0; i < 60; i++)
        {
            var (e, other, scope) = ($"e{random.Next(6)}", $"e{random.Next(6)}", $"s{random.Next(3)}");
            var kind = EdgeKinds[random.Next(EdgeKinds.Length)];
            ops.Add(random.Next(9) switch
            {
                0 => new UpsertEntity(e, EntityJson(e, bodies[random.Next(bodies.Length)], i + 2)),
                1 => new RemoveEntity(e),
                2 => new UpsertScope(scope, ScopeJson(scope, "thread", i + 2)),
                3 => new RemoveScope(scope),
                4 => new Link(e, scope),
                5 => new Unlink(e, scope),
                6 => Edge(e, other, kind, $"{i}"),
                7 => new RemoveEdge(e, other, kind),
                _ => Event($"ev{i}", 1000 + i, $$"""{"entity":"{{e}}"}""", "channel_wait_started", """{"kind":"send_full"}"""),
            });
        }
        return ops;
    }

    private sealed record ScriptBatch(SentBatch Sent, IReadOnlyList<(ulong SeqNo, Op Op)> Changes, string Frame);

    /// <summary>
    /// Cuts the script into batches in the reference client's encoding: one flagged truncated, one empty, and one
    /// that starts above the cursor after compaction.
    /// </summary>
    private static List<ScriptBatch> Batches(int k, List<Op> ops)
    {
        var random = new Random(2000 + k);
        var batches = new List<ScriptBatch>();
        ulong cursor = 0;
        var taken = 0;
        while (taken < ops.Count)
        {
            var index = batches.Count;
            ulong? compacted = index == 2 ? cursor + 5 : null;
            var from = compacted ?? cursor;
            var size = index == 4 ? 0 : Math.Min(random.Next(4, 13), ops.Count - taken);
            var changes = ops.Skip(taken).Take(size).Select((op, i) => (from + (ulong)i, op)).ToList();
            var next = from + (ulong)size;
            var payload =
                $$"""{"stream_id":"{{StreamOf(k)}}","from_seq_no":{{from}},"next_seq_no":{{next}},"changes":[""" +
                string.Join(",", changes.Select(c => $$$"""{"seq_no":{{{c.Item1}}},"change":{"{{{c.op.Variant}}}":{{{c.op.Content}}}}}""")) +
                $$"""],"truncated":{{(index == 1 ? "true" : "false")}}""" +
                (compacted is { } c ? $",\"compacted_before_seq_no\":{c}" : "") + "}";
            batches.Add(new ScriptBatch(new SentBatch(from, next, index == 1, compacted, size, payload), changes, $$$"""{"delta_batch":{{{payload}}}}"""));
            taken += size;
            cursor = next;
        }
        return batches;
    }

    private async Task SendAsync(int k, int connection, IEnumerable<ScriptBatch> batches, List<RuntimeClient> clients,
        Dictionary<string, ReferenceMaterialization> models, bool keepOpen = true)
    {
        var client = _server.Connect();
        lock (clients) clients.Add(client);
        var model = new ReferenceMaterialization(Label(k, connection), StreamOf(k));
        lock (models) models.Add(Label(k, connection), model);
        await client.HandshakeAsync($"mat-{k}", (uint)(100 + k));
        foreach (var batch in batches)
        {
            await client.SendJsonAsync(batch.Frame);
            model.Apply(batch.Sent, batch.Changes);
            await Task.Yield();
        }
        if (!keepOpen)
            client.Dispose();
    }

    private async Task SendWithReconnectAsync(int k, List<ScriptBatch> batches, List<RuntimeClient> clients, Dictionary<string, ReferenceMaterialization> models)
    {
        await SendAsync(k, 0, batches.Take(BatchesBeforeReconnect), clients, models, keepOpen: false);
        await Eventually.Until(() => _server.CountAsync($"select count(*) from connections where process_name = 'mat-{k}' and disconnected_at_ns is not null"),
            n => n == 1, TimeSpan.FromSeconds(30), "the first connection recorded as closed");
        await SendAsync(k, 1, batches, clients, models);
    }

    /// <summary>conn_id to label: connections of one process in id order, which is the order they were opened.</summary>
    private async Task<Dictionary<long, string>> ConnectionLabelsAsync()
    {
        var rows = await _server.SqlAsync("select conn_id, process_name from connections order by conn_id");
        return rows.Rows
            .GroupBy(r => r[1].GetString()!)
            .SelectMany(g => g.Select((r, i) => (Id: r[0].GetInt64(), Label: $"{g.Key}#{i}")))
            .ToDictionary(x => x.Id, x => x.Label);
    }

    /// <summary>Checks delta_batches per connection in commit order, and returns each connection's received_at_ns by batch index.</summary>
    private async Task<Dictionary<string, long[]>> AssertBatchesAsync(Dictionary<long, string> labels,
        Dictionary<string, ReferenceMaterialization> models, long started, long ended)
    {
        var rows = await _server.SqlAsync(
            "select conn_id, stream_id, from_seq_no, next_seq_no, truncated, compacted_before_seq_no, change_count, payload_json, received_at_ns from delta_batches order by id");
        var byConnection = rows.Rows.GroupBy(r => labels[r[0].GetInt64()]).ToDictionary(g => g.Key, g => g.ToList());
        Assert.Equal(models.Keys.Order(), byConnection.Keys.Order());
        var received = byConnection.ToDictionary(c => c.Key, c => c.Value.Select(r => r[8].GetInt64()).ToArray());
        foreach (var (label, times) in received)
        {
            Assert.All(times, t => Assert.InRange(t, started, ended));
            Assert.Equal(times.Order(), times);
            Assert.Equal(Render(models[label].Batches, received), byConnection[label].Select(r => Render(r, labels)));
        }
        return received;
    }

    private async Task AssertConnectionsAsync(Dictionary<long, string> labels, Dictionary<string, long[]> received, long started, long ended)
    {
        var rows = await _server.SqlAsync("select conn_id, process_name, pid, connected_at_ns, disconnected_at_ns from connections");
        var expected = Enumerable.Range(1, ConcurrentProcesses)
            .SelectMany(k => (k < ConcurrentProcesses ? [0] : new[] { 0, 1 }).Select(c => $"{Label(k, c)} | mat-{k} | {100 + k} | {(c == 0 && k == ConcurrentProcesses ? "closed" : "open")}"));
        Assert.Equal(expected.Order(), rows.Rows.Select(r =>
            $"{labels[r[0].GetInt64()]} | {r[1].GetString()} | {r[2].GetInt64()} | {(r[4].ValueKind == JsonValueKind.Null ? "open" : "closed")}").Order());
        foreach (var row in rows.Rows)
        {
            var connected = row[3].GetInt64();
            Assert.InRange(connected, started, received[labels[row[0].GetInt64()]][0]);
            if (row[4].ValueKind != JsonValueKind.Null)
                Assert.InRange(row[4].GetInt64(), connected, ended);
        }
    }

    private async Task AssertTableAsync(string table, string columns, Dictionary<long, string> labels, Dictionary<string, long[]> received,
        Dictionary<string, ReferenceMaterialization> models, Func<ReferenceMaterialization, IEnumerable<object?[]>> rows)
    {
        var actual = await _server.SqlAsync($"select conn_id, stream_id, {columns} from {table}");
        Assert.Equal(Render(models.Values.SelectMany(rows), received).Select(r => $"{table}: {r}").Order(),
            actual.Rows.Select(r => $"{table}: {Render(r, labels)}").Order());
    }

    private static IEnumerable<string> Render(IEnumerable<object?[]> expected, Dictionary<string, long[]> received) =>
        expected.Select(row => string.Join(" | ", row.Select(v => v switch
        {
            null => "NULL",
            BatchTime t => received[(string)row[0]!][t.Index].ToString(),
            _ => v.ToString(),
        })));

    private static string Render(JsonElement[] actual, Dictionary<long, string> labels) =>
        string.Join(" | ", actual.Select((v, i) => i == 0 ? labels[v.GetInt64()] : v.ValueKind switch
        {
            JsonValueKind.Null => "NULL",
            JsonValueKind.String => v.GetString(),
            _ => v.GetRawText(),
        }));
}
