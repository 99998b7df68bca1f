using System.Text;
using System.Text.Json.Nodes;
using Peeps.Simulator.Json;
using Peeps.Simulator.Model;
using Peeps.Simulator.Runtime;

namespace Peeps.Simulator.Tests;

public sealed class ClientPayloadsTests
{
    private static string Text(byte[] payload) => Encoding.UTF8.GetString(payload);

    [Fact]
    public void Handshake_matches_the_reference_encoding()
    {
        Assert.Equal("""{"handshake":{"process_name":"worker-a","pid":12345}}""", Text(ClientPayloads.Handshake("worker-a", 12345)));
    }

    [Fact]
    public void Cut_ack_matches_the_reference_encoding()
    {
        Assert.Equal("""{"cut_ack":{"cut_id":"cut:1","cursor":{"stream_id":"proc:12345","next_seq_no":42}}}""",
            Text(ClientPayloads.CutAck("cut:1", "proc:12345", 42)));
    }

    [Fact]
    public void Empty_snapshot_reply_matches_the_reference_encoding()
    {
        var empty = new GraphSnapshot([], [], [], []);
        Assert.Equal("""{"snapshot_reply":{"snapshot_id":7,"ptime_now_ms":1234,"snapshot":{"entities":[],"scopes":[],"edges":[],"events":[]}}}""",
            Text(ClientPayloads.SnapshotReply(7, 1234, empty)));
    }

    [Fact]
    public void Snapshot_reply_without_a_snapshot_omits_the_field()
    {
        Assert.Equal("""{"snapshot_reply":{"snapshot_id":7,"ptime_now_ms":1234}}""", Text(ClientPayloads.SnapshotReply(7, 1234, null)));
    }

    [Fact]
    public void Error_omits_an_absent_last_frame()
    {
        Assert.Equal("""{"error":{"process_name":"w","pid":1,"stage":"decode","error":"bad"}}""",
            Text(ClientPayloads.Error("w", 1, "decode", "bad", null)));
    }

    [Fact]
    public void Delta_batch_matches_the_reference_example()
    {
        var request = new Entity("0000p3e100000001", 1245, "/src/rpc/demo.rs:42", "DemoRpc.sleepy_forever",
            new RequestBody("DemoRpc.sleepy_forever", "(no args)"), new JsonObject());
        var pull = new PullResult(0, 3,
        [
            new SequencedChange(0, new UpsertEntityChange(request)),
            new SequencedChange(1, new UpsertEdgeChange(new Edge("0000p3e100000001", "0000p3e100000002", EdgeKind.Needs, null))),
            new SequencedChange(2, new RemoveEntityChange("0000p3e100000009")),
        ], false, null);

        Assert.Equal(
            """{"delta_batch":{"stream_id":"proc:12345","from_seq_no":0,"next_seq_no":3,"changes":[""" +
            """{"seq_no":0,"change":{"upsert_entity":{"id":"0000p3e100000001","birth":1245,"source":"/src/rpc/demo.rs:42","name":"DemoRpc.sleepy_forever","body":{"request":{"method":"DemoRpc.sleepy_forever","args_preview":"(no args)"}},"meta":{}}}},""" +
            """{"seq_no":1,"change":{"upsert_edge":{"src":"0000p3e100000001","dst":"0000p3e100000002","kind":"needs","meta":null}}},""" +
            """{"seq_no":2,"change":{"remove_entity":{"id":"0000p3e100000009"}}}""" +
            """],"truncated":false}}""",
            Text(ClientPayloads.DeltaBatch("proc:12345", pull)));
    }

    [Fact]
    public void Compacted_batch_carries_compacted_before_seq_no()
    {
        var pull = new PullResult(81, 82, [new SequencedChange(81, new RemoveScopeChange("s"))], false, 81);

        Assert.Contains("\"truncated\":false,\"compacted_before_seq_no\":81}", Text(ClientPayloads.DeltaBatch("proc:1", pull)));
    }

    [Fact]
    public void Channel_bodies_encode_lifecycle_and_details_as_nested_variants()
    {
        var tx = new Entity("t", 1, "s:1", "jobs.tx",
            new ChannelEndBody(true, ChannelLifecycle.Closed(ChannelCloseCause.ReceiverDropped),
                new BufferedChannelDetails(false, new ChannelBuffer(3, null))), null);
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer)) ModelJson.Write(writer, tx);

        Assert.Contains("""
            "body":{"channel_tx":{"lifecycle":{"closed":"receiver_dropped"},"details":{"mpsc":{"buffer":{"occupancy":3,"capacity":null}}}}}
            """, Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    [Fact]
    public void Event_meta_and_target_use_the_wire_spelling()
    {
        var evt = new Event("e1", 5, "s:1", EventTarget.Scope("sc"), EventKind.ChannelWaitEnded, EventMeta.WaitEnded(WaitKind.SendFull, 1500));
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer)) ModelJson.Write(writer, evt);

        Assert.Equal("""{"id":"e1","at":5,"source":"s:1","target":{"scope":"sc"},"kind":"channel_wait_ended","meta":{"kind":"send_full","wait_ns":1500}}""",
            Encoding.UTF8.GetString(buffer.WrittenSpan));
    }
}
