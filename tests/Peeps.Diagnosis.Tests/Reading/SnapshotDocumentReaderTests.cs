using System.Text;
using Peeps.Diagnosis.Reading;

namespace Peeps.Diagnosis.Tests.Reading;

public sealed class SnapshotDocumentReaderTests
{
    /// <summary>The contract's own example answer of <c>POST /api/snapshot</c>.</summary>
    private const string ContractExample = """
        {
          "captured_at_unix_ms": 1739800000123,
          "processes": [
            {
              "process_id": 1, "process_name": "worker-a", "pid": 12345, "ptime_now_ms": 5000,
              "snapshot": {
                "entities": [
                  { "id": "0a1b2c3d", "birth": 1245000, "source": "src/rpc/demo.rs:42", "name": "DemoRpc.sleepy_forever",
                    "body": { "request": { "method": "DemoRpc.sleepy_forever", "args_preview": "(no args)" } }, "meta": {} },
                  { "id": "4e5f6a7b", "birth": 3590000, "source": "src/dispatch.rs:67", "name": "mpsc.send",
                    "body": { "channel_tx": { "lifecycle": "open", "details": { "mpsc": { "buffer": { "occupancy": 0, "capacity": 128 } } } } },
                    "meta": {} }
                ],
                "scopes": [],
                "edges": [ { "src": "0a1b2c3d", "dst": "4e5f6a7b", "kind": "needs", "meta": null } ],
                "events": []
              }
            }
          ],
          "timed_out_processes": [ { "process_id": 2, "process_name": "worker-b", "pid": 12346 } ]
        }
        """;

    [Fact]
    public void The_contracts_example_reads_with_processes_entities_edges_and_the_silent_process()
    {
        var document = SnapshotDocumentReader.Read(Encoding.UTF8.GetBytes(ContractExample));

        Assert.Null(document.SnapshotId);
        Assert.Equal(1739800000123, document.CapturedAtUnixMs);
        var process = Assert.Single(document.Processes);
        Assert.Equal((1L, "worker-a", 12345L, 5000L), (process.Process.ConnId, process.Process.ProcessName, process.Process.Pid, process.PtimeNowMs));
        Assert.Equal(["request", "channel_tx"], process.Entities.Select(e => e.Kind));
        var request = process.Entities[0];
        Assert.Equal(("0a1b2c3d", "DemoRpc.sleepy_forever", 1245000L, "src/rpc/demo.rs:42"), (request.Id, request.Name, request.Birth!.Value, request.Source));
        Assert.Equal("DemoRpc.sleepy_forever", request.Facts.Method);
        var tx = process.Entities[1].Facts;
        Assert.Equal(("open", "mpsc", 0L, 128L), (tx.Lifecycle, tx.ChannelFlavor, tx.Occupancy!.Value, tx.Capacity!.Value));
        Assert.Equal(("0a1b2c3d", "4e5f6a7b", "needs"), (process.Edges[0].Src, process.Edges[0].Dst, process.Edges[0].Kind));
        Assert.Equal("worker-b", Assert.Single(document.Unanswered).ProcessName);
    }

    [Fact]
    public void A_body_is_kept_byte_for_byte()
    {
        const string body = """{"channel_rx":{"lifecycle":{"closed":"sender_dropped"},"details":{"oneshot":{"state":"sender_dropped"}}}}""";
        var document = SnapshotDocumentReader.Read(Encoding.UTF8.GetBytes(
            """{"processes":[{"process_id":1,"snapshot":{"entities":[{"id":"x","body":BODY}],"edges":[]}}]}""".Replace("BODY", body)));

        var entity = Assert.Single(Assert.Single(document.Processes).Entities);
        Assert.Equal(body, entity.BodyJson);
        Assert.Equal("sender_dropped", entity.Facts.Lifecycle);
        Assert.True(entity.Facts.IsClosed);
        Assert.Equal(("oneshot", "sender_dropped"), (entity.Facts.ChannelFlavor, entity.Facts.Status));
    }

    [Fact]
    public void Unknown_body_variants_and_members_are_read_without_facts()
    {
        var document = SnapshotDocumentReader.Read(Encoding.UTF8.GetBytes("""
            {"new_member":[1,{"a":2}],"processes":[{"process_id":1,"extra":{"x":1},"snapshot":{"entities":[
              {"id":"x","name":"n","birth":18446744073709551615,"body":{"quantum_lock":{"qubits":[1,2],"spin":"up"}},"meta":{"deep":[{"a":[]}]}}
            ],"edges":[{"src":"x","dst":"x","kind":"entangles","meta":{}}],"events":[{"id":"e"}]}}]}
            """));

        var entity = Assert.Single(Assert.Single(document.Processes).Entities);
        Assert.Equal("quantum_lock", entity.Kind);
        Assert.Equal(long.MaxValue, entity.Birth);
        Assert.Null(entity.Facts.Lifecycle);
        Assert.Equal("entangles", Assert.Single(document.Processes[0].Edges).Kind);
    }

    [Fact]
    public void Processes_without_snapshot_disconnected_and_too_large_count_as_unanswered()
    {
        var document = SnapshotDocumentReader.Read(Encoding.UTF8.GetBytes("""
            {"snapshot_id":9,"processes":[],"timed_out_processes":[],
             "processes_without_snapshot":[{"process_id":3,"process_name":"c","pid":3,"ptime_now_ms":1}],
             "disconnected_processes":[{"process_id":4,"process_name":"d","pid":4}],
             "too_large_processes":[{"process_id":5,"process_name":"e","pid":5,"ptime_now_ms":1,"replied_after_ms":2.5,
                                     "snapshot_bytes":9000000,"reason":"past Peeps:Snapshots:MaxReplyBytes"}]}
            """));

        Assert.Equal(9, document.SnapshotId);
        Assert.Equal([3L, 4L, 5L], document.Unanswered.Select(p => p.ConnId));
    }

    [Theory]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("{\"processes\": {}}")]
    [InlineData("{\"processes\": [{\"snapshot\": {\"entities\": [1]}}]}")]
    [InlineData("{\"processes\": [")]
    public void Input_that_is_not_a_snapshot_document_is_refused_with_a_format_error(string json)
    {
        var error = Assert.Throws<SnapshotFormatException>(() => SnapshotDocumentReader.Read(Encoding.UTF8.GetBytes(json)));
        Assert.StartsWith("not a snapshot document", error.Message, StringComparison.Ordinal);
    }
}
