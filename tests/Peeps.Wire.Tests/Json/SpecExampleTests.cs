using Peeps.Wire.Json;
using Peeps.Wire.Messages;

namespace Peeps.Wire.Tests.Json;

/// <summary>The exact payloads of wire-protocol.md decode to the documented values and re-encode to the same bytes.</summary>
public sealed class SpecExampleTests
{
    private const string DeltaBatchExample =
        """{"delta_batch":{"stream_id":"proc:12345","from_seq_no":0,"next_seq_no":3,"changes":[""" +
        """{"seq_no":0,"change":{"upsert_entity":{"id":"0000p3e100000001","birth":1245,"source":"/src/rpc/demo.rs:42","name":"DemoRpc.sleepy_forever","body":{"request":{"method":"DemoRpc.sleepy_forever","args_preview":"(no args)"}},"meta":{}}}},""" +
        """{"seq_no":1,"change":{"upsert_edge":{"src":"0000p3e100000001","dst":"0000p3e100000002","kind":"needs","meta":null}}},""" +
        """{"seq_no":2,"change":{"remove_entity":{"id":"0000p3e100000009"}}}""" +
        """],"truncated":false}}""";

    [Fact]
    public void Handshake_example_decodes_and_reencodes()
    {
        const string json = """{"handshake":{"process_name":"worker-a","pid":12345}}""";

        var message = ClientMessageDecoder.Decode(Utf8.Bytes(json));

        Assert.Equal(new Handshake("worker-a", 12345), message);
        Assert.Equal(json, Utf8.Text(ClientMessageEncoder.Encode(message)));
    }

    [Fact]
    public void Cut_ack_example_decodes_and_reencodes()
    {
        const string json = """{"cut_ack":{"cut_id":"cut:1","cursor":{"stream_id":"proc:12345","next_seq_no":42}}}""";

        var message = ClientMessageDecoder.Decode(Utf8.Bytes(json));

        Assert.Equal(new CutAck("cut:1", new StreamCursor("proc:12345", 42)), message);
        Assert.Equal(json, Utf8.Text(ClientMessageEncoder.Encode(message)));
    }

    [Fact]
    public void Snapshot_reply_example_decodes_and_reencodes()
    {
        const string json = """{"snapshot_reply":{"snapshot_id":7,"ptime_now_ms":1234,"snapshot":{"entities":[],"scopes":[],"edges":[],"events":[]}}}""";

        var reply = Assert.IsType<SnapshotReply>(ClientMessageDecoder.Decode(Utf8.Bytes(json)));

        Assert.Equal(7, reply.SnapshotId);
        Assert.Equal(1234UL, reply.PtimeNowMs);
        Assert.Equal("""{"entities":[],"scopes":[],"edges":[],"events":[]}""", Utf8.Text(reply.Snapshot!.Value));
        Assert.Equal(json, Utf8.Text(ClientMessageEncoder.Encode(reply)));
    }

    [Fact]
    public void Cut_request_example_encodes_and_decodes()
    {
        const string json = """{"cut_request":{"cut_id":"cut:1"}}""";

        Assert.Equal(json, Utf8.Text(ServerMessageCodec.Encode(new CutRequest("cut:1"))));
        Assert.Equal(new CutRequest("cut:1"), ServerMessageCodec.Decode(Utf8.Bytes(json)));
    }

    [Fact]
    public void Snapshot_request_example_encodes_and_decodes()
    {
        const string json = """{"snapshot_request":{"snapshot_id":7,"timeout_ms":5000}}""";

        Assert.Equal(json, Utf8.Text(ServerMessageCodec.Encode(new SnapshotRequest(7, 5000))));
        Assert.Equal(new SnapshotRequest(7, 5000), ServerMessageCodec.Decode(Utf8.Bytes(json)));
    }

    [Fact]
    public void Delta_batch_example_decodes_to_its_header_and_changes()
    {
        var batch = Assert.IsType<DeltaBatch>(ClientMessageDecoder.Decode(Utf8.Bytes(DeltaBatchExample)));

        Assert.Equal("proc:12345", batch.StreamId);
        Assert.Equal(0UL, batch.FromSeqNo);
        Assert.Equal(3UL, batch.NextSeqNo);
        Assert.False(batch.Truncated);
        Assert.Null(batch.CompactedBeforeSeqNo);
        Assert.Collection(batch.Changes,
            change =>
            {
                var upsert = Assert.IsType<UpsertEntity>(change);
                Assert.Equal(0UL, upsert.SeqNo);
                Assert.Equal("0000p3e100000001", upsert.Id);
                Assert.Equal(
                    """{"id":"0000p3e100000001","birth":1245,"source":"/src/rpc/demo.rs:42","name":"DemoRpc.sleepy_forever","body":{"request":{"method":"DemoRpc.sleepy_forever","args_preview":"(no args)"}},"meta":{}}""",
                    Utf8.Text(upsert.Json));
            },
            change =>
            {
                var edge = Assert.IsType<UpsertEdge>(change);
                Assert.Equal(1UL, edge.SeqNo);
                Assert.Equal("0000p3e100000001", edge.Src);
                Assert.Equal("0000p3e100000002", edge.Dst);
                Assert.Equal("\"needs\"", edge.KindJson);
                Assert.Equal("""{"src":"0000p3e100000001","dst":"0000p3e100000002","kind":"needs","meta":null}""", Utf8.Text(edge.Json));
            },
            change => Assert.Equal(new RemoveEntity(2, "0000p3e100000009"), change));
    }

    [Fact]
    public void Delta_batch_payload_json_is_the_batch_object_as_sent()
    {
        var batch = Assert.IsType<DeltaBatch>(ClientMessageDecoder.Decode(Utf8.Bytes(DeltaBatchExample)));

        Assert.Equal(DeltaBatchExample["{\"delta_batch\":".Length..^1], Utf8.Text(batch.PayloadJson));
    }

    [Fact]
    public void Delta_batch_example_reencodes_byte_for_byte()
    {
        var bytes = Utf8.Bytes(DeltaBatchExample);

        Assert.Equal(bytes, ClientMessageEncoder.Encode(ClientMessageDecoder.Decode(bytes)));
    }
}
