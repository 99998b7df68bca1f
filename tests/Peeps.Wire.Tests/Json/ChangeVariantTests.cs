using Peeps.Wire.Json;
using Peeps.Wire.Messages;

namespace Peeps.Wire.Tests.Json;

/// <summary>Every change variant decodes to its keys and raw object and re-encodes to the bytes it came from.</summary>
public sealed class ChangeVariantTests
{
    private static Change Single(string change)
    {
        var batch = Assert.IsType<DeltaBatch>(ClientMessageDecoder.Decode(Utf8.Bytes(Batches.Of(change))));
        return Assert.Single(batch.Changes);
    }

    private static void AssertReencodes(string change)
    {
        var bytes = Utf8.Bytes(Batches.Of(change));
        Assert.Equal(Utf8.Text(bytes), Utf8.Text(ClientMessageEncoder.Encode(ClientMessageDecoder.Decode(bytes))));
    }

    [Theory]
    [InlineData("\"future\"")]
    [InlineData("""{"lock":{"kind":"mutex"}}""")]
    [InlineData("""{"lock":{"kind":"rw_lock"}}""")]
    [InlineData("""{"channel_tx":{"lifecycle":"open","details":{"mpsc":{"buffer":{"occupancy":3,"capacity":16}}}}}""")]
    [InlineData("""{"channel_rx":{"lifecycle":{"closed":"sender_dropped"},"details":{"mpsc":{"buffer":{"occupancy":0,"capacity":null}}}}}""")]
    [InlineData("""{"channel_tx":{"lifecycle":"open","details":{"broadcast":{"buffer":null}}}}""")]
    [InlineData("""{"channel_rx":{"lifecycle":"open","details":{"watch":{"last_update_at":991}}}}""")]
    [InlineData("""{"channel_tx":{"lifecycle":{"closed":"receiver_closed"},"details":{"oneshot":{"state":"sent"}}}}""")]
    [InlineData("""{"semaphore":{"max_permits":8,"handed_out_permits":3}}""")]
    [InlineData("""{"notify":{"waiter_count":2}}""")]
    [InlineData("""{"once_cell":{"waiter_count":1,"state":"initializing"}}""")]
    [InlineData("""{"command":{"program":"/bin/sh","args":["-c","echo \"hi\""],"env":["A=1"]}}""")]
    [InlineData("""{"file_op":{"op":"rename","path":"/tmp/a b"}}""")]
    [InlineData("""{"net_connect":{"addr":"127.0.0.1:9119"}}""")]
    [InlineData("""{"net_accept":{"addr":"[::1]:80"}}""")]
    [InlineData("""{"net_read":{"addr":"10.0.0.1:443"}}""")]
    [InlineData("""{"net_write":{"addr":"10.0.0.1:443"}}""")]
    [InlineData("""{"request":{"method":"DemoRpc.sleepy_forever","args_preview":"(no args)"}}""")]
    [InlineData("""{"response":{"method":"DemoRpc.ping","status":"cancelled"}}""")]
    [InlineData("""{"gpu_kernel":{"grid":[1,2,3],"nested":{"deep":[{"x":null}]}}}""")]
    public void Upsert_entity_keeps_entity_json_verbatim_for_every_body(string body)
    {
        var entity = $$$"""{"id":"e1","birth":12,"source":"src/lib.rs:7","name":"thing","body":{{{body}}},"meta":{"k":"é ✓ \u00e9"}}""";

        var upsert = Assert.IsType<UpsertEntity>(Single($$"""{"upsert_entity":{{entity}}}"""));

        Assert.Equal("e1", upsert.Id);
        Assert.Equal(entity, Utf8.Text(upsert.Json));
        AssertReencodes($$"""{"upsert_entity":{{entity}}}""");
    }

    [Fact]
    public void Remove_entity_decodes_its_id()
    {
        Assert.Equal(new RemoveEntity(0, "e9"), Single("""{"remove_entity":{"id":"e9"}}"""));
        AssertReencodes("""{"remove_entity":{"id":"e9"}}""");
    }

    [Theory]
    [InlineData("process")]
    [InlineData("thread")]
    [InlineData("task")]
    public void Upsert_scope_keeps_scope_json_verbatim(string body)
    {
        var scope = $$"""{"id":"s1","birth":0,"source":"main.rs:1","name":"main","body":"{{body}}","meta":null}""";

        var upsert = Assert.IsType<UpsertScope>(Single($$"""{"upsert_scope":{{scope}}}"""));

        Assert.Equal("s1", upsert.Id);
        Assert.Equal(scope, Utf8.Text(upsert.Json));
        AssertReencodes($$"""{"upsert_scope":{{scope}}}""");
    }

    [Fact]
    public void Remove_scope_decodes_its_id()
    {
        Assert.Equal(new RemoveScope(0, "s1"), Single("""{"remove_scope":{"id":"s1"}}"""));
        AssertReencodes("""{"remove_scope":{"id":"s1"}}""");
    }

    [Fact]
    public void Upsert_entity_scope_link_decodes_both_ids()
    {
        const string change = """{"upsert_entity_scope_link":{"entity_id":"e1","scope_id":"s1"}}""";
        Assert.Equal(new UpsertEntityScopeLink(0, "e1", "s1"), Single(change));
        AssertReencodes(change);
    }

    [Fact]
    public void Remove_entity_scope_link_decodes_both_ids()
    {
        const string change = """{"remove_entity_scope_link":{"entity_id":"e1","scope_id":"s1"}}""";
        Assert.Equal(new RemoveEntityScopeLink(0, "e1", "s1"), Single(change));
        AssertReencodes(change);
    }

    [Theory]
    [InlineData("polls")]
    [InlineData("needs")]
    [InlineData("closed_by")]
    [InlineData("channel_link")]
    [InlineData("rpc_link")]
    [InlineData("some_future_kind")]
    public void Upsert_edge_keeps_the_kind_as_a_quoted_json_literal(string kind)
    {
        var edge = $$$"""{"src":"a","dst":"b","kind":"{{{kind}}}","meta":{"n":1}}""";

        var upsert = Assert.IsType<UpsertEdge>(Single($$"""{"upsert_edge":{{edge}}}"""));

        Assert.Equal(("a", "b", $"\"{kind}\""), (upsert.Src, upsert.Dst, upsert.KindJson));
        Assert.Equal(edge, Utf8.Text(upsert.Json));
        AssertReencodes($$"""{"upsert_edge":{{edge}}}""");
    }

    [Fact]
    public void Edge_kind_with_data_from_a_newer_client_is_kept_as_raw_json()
    {
        var upsert = Assert.IsType<UpsertEdge>(Single("""{"upsert_edge":{"src":"a","dst":"b","kind":{"weighted":3},"meta":null}}"""));

        Assert.Equal("""{"weighted":3}""", upsert.KindJson);
    }

    [Fact]
    public void Remove_edge_decodes_src_dst_and_kind()
    {
        const string change = """{"remove_edge":{"src":"a","dst":"b","kind":"closed_by"}}""";
        Assert.Equal(new RemoveEdge(0, "a", "b", "\"closed_by\""), Single(change));
        AssertReencodes(change);
    }

    [Theory]
    [InlineData("state_changed", "null")]
    [InlineData("channel_sent", """{"outcome":"full","queue_len":16}""")]
    [InlineData("channel_received", """{"outcome":"empty","queue_len":null}""")]
    [InlineData("channel_closed", """{"cause":"sender_dropped"}""")]
    [InlineData("channel_wait_started", """{"kind":"send_full"}""")]
    [InlineData("channel_wait_ended", """{"kind":"change","wait_ns":18446744073709551615}""")]
    public void Append_event_decodes_id_and_at_and_keeps_event_json_verbatim(string kind, string meta)
    {
        var @event = $$$"""{"id":"ev1","at":5000,"source":"chan.rs:3","target":{"entity":"e1"},"kind":"{{{kind}}}","meta":{{{meta}}}}""";

        var append = Assert.IsType<AppendEvent>(Single($$"""{"append_event":{{@event}}}"""));

        Assert.Equal(("ev1", 5000UL), (append.Id, append.At));
        Assert.Equal(@event, Utf8.Text(append.Json));
        AssertReencodes($$"""{"append_event":{{@event}}}""");
    }

    [Fact]
    public void Append_event_targeting_a_scope_decodes()
    {
        var append = Assert.IsType<AppendEvent>(Single("""{"append_event":{"id":"ev2","at":1,"source":"x","target":{"scope":"s1"},"kind":"state_changed","meta":null}}"""));

        Assert.Equal("ev2", append.Id);
    }

    [Fact]
    public void Unknown_change_variant_is_kept_as_unknown_and_the_batch_is_accepted()
    {
        var batch = Assert.IsType<DeltaBatch>(ClientMessageDecoder.Decode(Utf8.Bytes(
            Batches.Of("""{"rename_entity":{"id":"e1","to":[1,{"x":2}]}}""", """{"remove_entity":{"id":"e2"}}"""))));

        Assert.Equal([new UnknownChange(0, "rename_entity"), new RemoveEntity(1, "e2")], batch.Changes);
    }

    [Fact]
    public void Unknown_unit_change_variant_is_kept_as_unknown()
    {
        Assert.Equal(new UnknownChange(0, "clear_all"), Single("\"clear_all\""));
    }

    [Fact]
    public void Escaped_ids_are_unescaped_and_json_stays_escaped()
    {
        const string entity = """{"id":"e\"1\\\u00e9","name":"tab\there","body":"future","meta":{}}""";

        var upsert = Assert.IsType<UpsertEntity>(Single($$"""{"upsert_entity":{{entity}}}"""));

        Assert.Equal("e\"1\\é", upsert.Id);
        Assert.Equal(entity, Utf8.Text(upsert.Json));
    }

    [Fact]
    public void Change_element_with_change_before_seq_no_decodes()
    {
        var batch = Assert.IsType<DeltaBatch>(ClientMessageDecoder.Decode(Utf8.Bytes(
            """{"delta_batch":{"stream_id":"p","from_seq_no":0,"next_seq_no":8,"changes":[{"change":{"remove_scope":{"id":"s"}},"seq_no":7}],"truncated":true}}""")));

        Assert.Equal(new RemoveScope(7, "s"), Assert.Single(batch.Changes));
    }

    [Fact]
    public void Unencodable_unknown_change_is_rejected_by_the_encoder()
    {
        var batch = new DeltaBatch("p", 0, 1, [new UnknownChange(0, "x")], false, null, default);

        Assert.Throws<ArgumentException>(() => ClientMessageEncoder.Encode(batch));
    }
}
