using System.Text.Json;
using Peeps.Wire.Messages;

namespace Peeps.WebConsole.Tests;

/// <summary>
/// A runtime over real TCP whose state is written by hand (<see cref="RuntimeScript"/>), so a test can rely on
/// exact entities the simulator produces only now and then. It answers cuts and snapshots like the Rust client,
/// and <see cref="ReplaceAsync"/> moves it to another state the way the client would: with a delta batch.
/// </summary>
public sealed class HandDrivenRuntime : IAsyncDisposable
{
    // Replaced as a whole by ReplaceAsync, read by the loop answering snapshots.
    private volatile RuntimeScript _script;
    private ulong _nextSeqNo;
    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly RuntimeClient _client;
    private readonly CancellationTokenSource _stop = new();
    private readonly DateTime _started = DateTime.UtcNow;
    private readonly Task _loop;

    private HandDrivenRuntime(RuntimeScript script, RuntimeClient client)
    {
        _script = script;
        _nextSeqNo = script.NextSeqNo;
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

    /// <summary>
    /// Moves the runtime to <paramref name="next"/> (same process and stream): one delta batch removes the entities and
    /// edges it no longer has and upserts the new and changed ones, and every later snapshot shows <paramref name="next"/>.
    /// </summary>
    public async Task ReplaceAsync(RuntimeScript next)
    {
        if (next.StreamId != _script.StreamId) throw new ArgumentException("a replacement must keep the process and its stream", nameof(next));
        await _sending.WaitAsync();
        try
        {
            var current = _script;
            var before = current.Entities.ToDictionary(EntityId);
            var after = next.Entities.ToDictionary(EntityId);
            var changes = new List<(string Variant, string Content)>();
            changes.AddRange(current.Edges.Except(next.Edges).Select(edge => ("remove_edge", RemovalOf(edge))));
            changes.AddRange(before.Keys.Where(id => !after.ContainsKey(id)).Select(id => ("remove_entity", JsonSerializer.Serialize(new { id }))));
            changes.AddRange(after.Where(e => !before.TryGetValue(e.Key, out var old) || old != e.Value).Select(e => ("upsert_entity", e.Value)));
            changes.AddRange(next.Edges.Except(current.Edges).Select(edge => ("upsert_edge", edge)));
            if (changes.Count == 0) return;
            var from = _nextSeqNo;
            await _client.SendJsonAsync(SampleBatches.Batch(next.StreamId, from, from + (ulong)changes.Count,
                changes.Select((c, i) => SampleBatches.Change(from + (ulong)i, c.Variant, c.Content))));
            _nextSeqNo = from + (ulong)changes.Count;
            _script = next;
        }
        finally
        {
            _sending.Release();
        }
    }

    private static string EntityId(string entityJson) => JsonDocument.Parse(entityJson).RootElement.GetProperty("id").GetString()!;

    private static string RemovalOf(string edgeJson)
    {
        var edge = JsonDocument.Parse(edgeJson).RootElement;
        return JsonSerializer.Serialize(new { src = edge.GetProperty("src").GetString(), dst = edge.GetProperty("dst").GetString(), kind = edge.GetProperty("kind").GetString() });
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
                    await SendAsync(() => JsonSerializer.Serialize(new
                    {
                        cut_ack = new { cut_id = cut.CutId, cursor = new { stream_id = _script.StreamId, next_seq_no = _nextSeqNo } },
                    }));
                    break;
                case SnapshotRequest snapshot:
                    await SendAsync(() => SnapshotReply(snapshot.SnapshotId));
                    break;
            }
        }
    }

    // One frame at a time on the socket, and a reply always describes a whole state, never half of a replacement.
    private async Task SendAsync(Func<string> frame)
    {
        await _sending.WaitAsync();
        try
        {
            await _client.SendJsonAsync(frame());
        }
        finally
        {
            _sending.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _client.Dispose();
        try { await _loop; }
        catch (Exception) when (_stop.IsCancellationRequested) { }
        _stop.Dispose();
        _sending.Dispose();
    }
}
