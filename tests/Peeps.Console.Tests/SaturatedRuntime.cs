using System.Text.Json;
using Peeps.Testing;
using Peeps.Wire.Messages;

namespace Peeps.Console.Tests;

/// <summary>
/// A hand-driven runtime whose bounded channel is exactly at capacity with a sender parked on it. The
/// simulator's channels fill up only now and then; this one makes "a full channel is highlighted" certain.
/// It answers cuts and snapshots like the Rust client.
/// </summary>
public sealed class SaturatedRuntime : IAsyncDisposable
{
    public const string ProcessName = "saturated-rt";
    public const uint Pid = 77_001;
    public const string ChannelName = "saturated.jobs";
    public const int Capacity = 4;

    private const string StreamId = "proc:77001";
    private const ulong NextSeqNo = 5;

    private static readonly string ChannelDetails =
        "{\"lifecycle\":\"open\",\"details\":{\"mpsc\":{\"buffer\":{\"occupancy\":" + Capacity + ",\"capacity\":" + Capacity + "}}}}";

    private static readonly string[] Entities =
    [
        SampleBatches.Entity("tx1", ChannelName, $$"""{"channel_tx":{{ChannelDetails}}}""", birth: 200),
        SampleBatches.Entity("rx1", ChannelName, $$"""{"channel_rx":{{ChannelDetails}}}""", birth: 200),
        SampleBatches.Entity("send1", "mpsc.send", birth: 900),
    ];

    private static readonly string[] Edges =
    [
        """{"src":"tx1","dst":"rx1","kind":"channel_link","meta":null}""",
        """{"src":"send1","dst":"tx1","kind":"needs","meta":null}""",
    ];

    private readonly RuntimeClient _client;
    private readonly CancellationTokenSource _stop = new();
    private readonly DateTime _started = DateTime.UtcNow;
    private readonly Task _loop;

    private SaturatedRuntime(RuntimeClient client)
    {
        _client = client;
        _loop = Task.Run(AnswerAsync);
    }

    public static async Task<SaturatedRuntime> ConnectAsync(PeepsServer server)
    {
        var client = server.Connect();
        await client.HandshakeAsync(ProcessName, Pid);
        var changes = Entities.Select((e, i) => SampleBatches.Change((ulong)i, "upsert_entity", e))
            .Concat(Edges.Select((e, i) => SampleBatches.Change((ulong)(Entities.Length + i), "upsert_edge", e)));
        await client.SendJsonAsync(SampleBatches.Batch(StreamId, 0, NextSeqNo, changes));
        return new SaturatedRuntime(client);
    }

    private ulong PtimeNowMs => 1_000 + (ulong)(DateTime.UtcNow - _started).TotalMilliseconds;

    private string SnapshotReply(long snapshotId) =>
        "{\"snapshot_reply\":{\"snapshot_id\":" + snapshotId + ",\"ptime_now_ms\":" + PtimeNowMs +
        ",\"snapshot\":{\"entities\":[" + string.Join(",", Entities) + "],\"scopes\":[],\"edges\":[" + string.Join(",", Edges) + "],\"events\":[]}}}";

    private async Task AnswerAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            ServerMessage message;
            try
            {
                message = await _client.ReceiveAsync(TimeSpan.FromSeconds(30));
            }
            catch (OperationCanceledException)
            {
                continue;
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            switch (message)
            {
                case CutRequest cut:
                    await _client.SendJsonAsync(
                        JsonSerializer.Serialize(new { cut_ack = new { cut_id = cut.CutId, cursor = new { stream_id = StreamId, next_seq_no = NextSeqNo } } }));
                    break;
                case SnapshotRequest snapshot:
                    await _client.SendJsonAsync(
                        SnapshotReply(snapshot.SnapshotId));
                    break;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _client.Dispose();
        try { await _loop; }
        catch (Exception) when (_stop.IsCancellationRequested) { }
        _stop.Dispose();
    }
}
