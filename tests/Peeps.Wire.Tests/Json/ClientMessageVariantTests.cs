using Peeps.Wire.Json;
using Peeps.Wire.Messages;

namespace Peeps.Wire.Tests.Json;

/// <summary>Every client message variant, its optional fields, and the leniency newer clients rely on.</summary>
public sealed class ClientMessageVariantTests
{
    private static ClientMessage Decode(string json) => ClientMessageDecoder.Decode(Utf8.Bytes(json));

    private static string Reencode(string json) => Utf8.Text(ClientMessageEncoder.Encode(Decode(json)));

    /// <summary>
    /// Ids are written the way the Rust client writes them: an id that needs escaping (a quote, a control character)
    /// has only those escaped, so its spaces stay as they are and it re-encodes to the same bytes.
    /// </summary>
    [Fact]
    public void An_id_needing_escapes_reencodes_to_the_same_bytes_with_its_spaces_unescaped()
    {
        const string json = """{"delta_batch":{"stream_id":"p","from_seq_no":0,"next_seq_no":1,"changes":[{"seq_no":0,"change":{"remove_entity":{"id":"a b\"c\u0001"}}}],"truncated":false}}""";

        Assert.Equal(json, Reencode(json));
    }

    /// <summary>A field the variant does not have is ignored whatever its type, even when another variant uses the name.</summary>
    [Fact]
    public void A_scope_id_on_an_entity_removal_is_ignored_even_when_it_is_not_a_string()
    {
        const string json = """{"delta_batch":{"stream_id":"p","from_seq_no":0,"next_seq_no":1,"changes":[{"seq_no":0,"change":{"remove_entity":{"id":"e1","scope_id":7}}}],"truncated":false}}""";

        var batch = Assert.IsType<DeltaBatch>(Decode(json));

        Assert.Equal(new RemoveEntity(0, "e1"), Assert.Single(batch.Changes));
    }

    [Fact]
    public void Error_with_last_frame_decodes_and_reencodes()
    {
        const string json = """{"error":{"process_name":"w","pid":4294967295,"stage":"decode","error":"bad frame","last_frame_utf8":"{\"cut_request\":1}"}}""";

        Assert.Equal(new ClientError("w", uint.MaxValue, "decode", "bad frame", """{"cut_request":1}"""), Decode(json));
        Assert.Equal(json, Reencode(json));
    }

    [Fact]
    public void Error_without_last_frame_omits_it_when_reencoded()
    {
        const string json = """{"error":{"process_name":"w","pid":1,"stage":"connect","error":"refused"}}""";

        Assert.Equal(new ClientError("w", 1, "connect", "refused", null), Decode(json));
        Assert.Equal(json, Reencode(json));
    }

    [Fact]
    public void Error_with_null_last_frame_decodes_as_absent()
    {
        Assert.Equal(new ClientError("w", 1, "s", "e", null), Decode("""{"error":{"process_name":"w","pid":1,"stage":"s","error":"e","last_frame_utf8":null}}"""));
    }

    [Fact]
    public void Snapshot_reply_without_snapshot_has_null_snapshot_and_reencodes_without_it()
    {
        const string json = """{"snapshot_reply":{"snapshot_id":-3,"ptime_now_ms":18446744073709551615}}""";

        var reply = Assert.IsType<SnapshotReply>(Decode(json));

        Assert.Equal((-3L, ulong.MaxValue, false), (reply.SnapshotId, reply.PtimeNowMs, reply.Snapshot.HasValue));
        Assert.Equal(json, Reencode(json));
    }

    [Fact]
    public void Snapshot_reply_with_null_snapshot_has_null_snapshot()
    {
        var reply = Assert.IsType<SnapshotReply>(Decode("""{"snapshot_reply":{"snapshot_id":1,"ptime_now_ms":2,"snapshot":null}}"""));

        Assert.Null(reply.Snapshot);
    }

    [Fact]
    public void Snapshot_reply_keeps_the_snapshot_object_verbatim()
    {
        const string snapshot = """{"entities":[{"id":"e","birth":1,"source":"a:1","name":"n","body":"future","meta":{}}],"scopes":[],"edges":[{"src":"e","dst":"f","kind":"polls","meta":null}],"events":[] }""";

        var reply = Assert.IsType<SnapshotReply>(Decode($$$"""{"snapshot_reply":{"snapshot":{{{snapshot}}},"ptime_now_ms":9,"snapshot_id":1}}"""));

        Assert.Equal(snapshot, Utf8.Text(reply.Snapshot!.Value));
    }

    [Fact]
    public void Delta_batch_with_compacted_before_seq_no_decodes_and_reencodes_it()
    {
        const string json = """{"delta_batch":{"stream_id":"proc:7","from_seq_no":57344,"next_seq_no":57345,"changes":[{"seq_no":57344,"change":{"remove_scope":{"id":"s"}}}],"truncated":true,"compacted_before_seq_no":57344}}""";

        var batch = Assert.IsType<DeltaBatch>(Decode(json));

        Assert.Equal((57344UL, 57345UL, true, (ulong?)57344UL), (batch.FromSeqNo, batch.NextSeqNo, batch.Truncated, batch.CompactedBeforeSeqNo));
        Assert.Equal(json, Reencode(json));
    }

    [Fact]
    public void Delta_batch_with_null_compacted_before_seq_no_decodes_as_absent()
    {
        var batch = Assert.IsType<DeltaBatch>(Decode("""{"delta_batch":{"stream_id":"p","from_seq_no":0,"next_seq_no":0,"changes":[],"truncated":false,"compacted_before_seq_no":null}}"""));

        Assert.Null(batch.CompactedBeforeSeqNo);
    }

    [Fact]
    public void Empty_delta_batch_decodes_and_reencodes()
    {
        const string json = """{"delta_batch":{"stream_id":"p","from_seq_no":5,"next_seq_no":5,"changes":[],"truncated":false}}""";

        Assert.Empty(Assert.IsType<DeltaBatch>(Decode(json)).Changes);
        Assert.Equal(json, Reencode(json));
    }

    [Fact]
    public void Unknown_fields_are_ignored_at_every_level()
    {
        const string json = """
            {"delta_batch":{"stream_id":"p","schema":{"v":2},"from_seq_no":0,"next_seq_no":1,"changes":[
              {"seq_no":0,"origin":"x","change":{"remove_edge":{"src":"a","dst":"b","kind":"needs","weight":[1.5,-2e3]}}}
            ],"truncated":false,"flags":null}}
            """;

        var batch = Assert.IsType<DeltaBatch>(Decode(json));

        Assert.Equal(new RemoveEdge(0, "a", "b", "\"needs\""), Assert.Single(batch.Changes));
        Assert.Equal(new Handshake("w", 1), Decode("""{"handshake":{"process_name":"w","pid":1,"runtime":"tokio","features":["a"]}}"""));
        Assert.Equal(new CutAck("c", new StreamCursor("p", 3)), Decode("""{"cut_ack":{"cut_id":"c","cursor":{"stream_id":"p","epoch":1,"next_seq_no":3},"extra":{}}}"""));
    }

    [Fact]
    public void Field_order_does_not_matter()
    {
        const string shuffled = """{"delta_batch":{"truncated":true,"changes":[{"change":{"append_event":{"meta":null,"at":77,"kind":"state_changed","id":"ev"}},"seq_no":4}],"compacted_before_seq_no":2,"next_seq_no":5,"stream_id":"p","from_seq_no":4}}""";

        var batch = Assert.IsType<DeltaBatch>(Decode(shuffled));

        Assert.Equal(("p", 4UL, 5UL, true, (ulong?)2UL), (batch.StreamId, batch.FromSeqNo, batch.NextSeqNo, batch.Truncated, batch.CompactedBeforeSeqNo));
        var append = Assert.IsType<AppendEvent>(Assert.Single(batch.Changes));
        Assert.Equal((4UL, "ev", 77UL), (append.SeqNo, append.Id, append.At));
        Assert.Equal(new Handshake("w", 2), Decode("""{"handshake":{"pid":2,"process_name":"w"}}"""));
        Assert.Equal(new CutAck("c", new StreamCursor("p", 3)), Decode("""{"cut_ack":{"cursor":{"next_seq_no":3,"stream_id":"p"},"cut_id":"c"}}"""));
    }

    [Fact]
    public void Whitespace_between_tokens_is_accepted()
    {
        Assert.Equal(new Handshake("w", 2), Decode(" \r\n{ \"handshake\" :\t{ \"process_name\" : \"w\" , \"pid\" : 2 } }\n"));
    }

    [Fact]
    public void Unknown_message_variant_is_returned_as_unknown()
    {
        Assert.Equal(new UnknownClientMessage("metrics"), Decode("""{"metrics":{"rss":1,"series":[1,2,{"a":null}]}}"""));
    }

    [Fact]
    public void Unknown_unit_message_variant_is_returned_as_unknown()
    {
        Assert.Equal(new UnknownClientMessage("ping"), Decode("\"ping\""));
    }

    [Fact]
    public void Unencodable_unknown_message_is_rejected_by_the_encoder()
    {
        Assert.Throws<ArgumentException>(() => ClientMessageEncoder.Encode(new UnknownClientMessage("x")));
    }
}
