using Peeps.Testing;
using static Peeps.Testing.SampleBatches;

namespace Peeps.Web.Tests.Ingest;

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
}
