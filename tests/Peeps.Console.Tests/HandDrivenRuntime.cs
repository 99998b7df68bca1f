using System.Text.Json;
using Peeps.Testing;
using Peeps.Wire.Messages;

namespace Peeps.Console.Tests;

/// <summary>
/// A runtime over real TCP whose state is written by hand (<see cref="RuntimeScript"/>), so a test can rely on
/// exact entities the simulator produces only now and then. It answers cuts and snapshots like the Rust client.
/// </summary>
public sealed class HandDrivenRuntime : IAsyncDisposable
{
    private readonly RuntimeScript _script;
    private readonly RuntimeClient _client;
    private readonly CancellationTokenSource _stop = new();
    private readonly DateTime _started = DateTime.UtcNow;
    private readonly Task _loop;

    private HandDrivenRuntime(RuntimeScript script, RuntimeClient client)
    {
        _script = script;
        _client = client;
        _loop = Task.Run(AnswerAsync);
    }

    public static async Task<HandDrivenRuntime> ConnectAsync(PeepsServer server, RuntimeScript script)
    {
        var client = server.Connect();
        await client.HandshakeAsync(script.ProcessName, script.Pid);
        var changes = script.Entities.Select((e, i) => SampleBatches.Change((ulong)i, "upsert_entity", e))
            .Concat(script.Edges.Select((e, i) => SampleBatches.Change((ulong)(script.Entities.Count + i), "upsert_edge", e)));
        await client.SendJsonAsync(SampleBatches.Batch(script.StreamId, 0, script.NextSeqNo, changes));
        return new HandDrivenRuntime(script, client);
    }

    private ulong PtimeNowMs => _script.PtimeStartMs + (ulong)(DateTime.UtcNow - _started).TotalMilliseconds;

    private string SnapshotReply(long snapshotId) =>
        "{\"snapshot_reply\":{\"snapshot_id\":" + snapshotId + ",\"ptime_now_ms\":" + PtimeNowMs +
        ",\"snapshot\":{\"entities\":[" + string.Join(",", _script.Entities) + "],\"scopes\":[],\"edges\":[" +
        string.Join(",", _script.Edges) + "],\"events\":[]}}}";

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
                    await _client.SendJsonAsync(JsonSerializer.Serialize(new
                    {
                        cut_ack = new { cut_id = cut.CutId, cursor = new { stream_id = _script.StreamId, next_seq_no = _script.NextSeqNo } },
                    }));
                    break;
                case SnapshotRequest snapshot:
                    await _client.SendJsonAsync(SnapshotReply(snapshot.SnapshotId));
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
