using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;
using Peeps.Ingest.Inspection;
using Peeps.Simulator.Json;
using Peeps.Wire.Framing;
using Peeps.Wire.Messages;

namespace Peeps.Web.SelfReport;

/// <summary>
/// One TCP connection of the self runtime, speaking the protocol as a runtime must: handshake, then one loop that
/// each interval sends what changed in the pipeline since the last batch, answers <c>cut_request</c> with its cursor
/// and <c>snapshot_request</c> with its full current state. Like the Rust client after a reconnect, a new session
/// starts its stream at 0 and first sends the whole state. Everything it holds is the last reported graph and at
/// most one batch in flight, so a backpressured ingest only delays it.
/// </summary>
internal sealed class SelfRuntimeSession(
    SelfReportSettings settings,
    PipelineTranslator translator,
    StreamGraphRegistry registry,
    ProcessClock clock,
    int maxFrameBytes,
    TimeSpan? keepAlive)
{
    /// <summary>Server requests waiting for the loop; when full, reads pause and the server's own queue bounds the rest.</summary>
    private const int InboundCapacity = 64;

    private static readonly uint Pid = (uint)Environment.ProcessId;
    private static readonly string StreamId = $"proc:{Pid}";

    private PipelineGraph _reported = PipelineGraph.Empty;
    private ulong _cursor;
    private long _lastSentAt;

    public async Task RunAsync(IPEndPoint server, CancellationToken stop)
    {
        using var client = new TcpClient(server.AddressFamily) { NoDelay = true };
        await client.ConnectAsync(server, stop);
        await using var stream = client.GetStream();
        using var connection = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var inbound = Channel.CreateBounded<ServerMessage>(new BoundedChannelOptions(InboundCapacity)
        {
            SingleReader = true,
            SingleWriter = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        var reader = ReadServerMessagesAsync(stream, inbound.Writer, connection.Token);
        try
        {
            await SendAsync(stream, ClientPayloads.Handshake(settings.ProcessName, Pid), stop);
            await LoopAsync(stream, inbound.Reader, stop);
        }
        finally
        {
            await connection.CancelAsync();
            await reader;
        }
    }

    private async Task LoopAsync(NetworkStream stream, ChannelReader<ServerMessage> inbound, CancellationToken stop)
    {
        var nextSampleAt = Stopwatch.GetTimestamp();
        var message = inbound.WaitToReadAsync(stop).AsTask();
        while (true)
        {
            var due = Math.Min(nextSampleAt, KeepAliveDue ?? long.MaxValue);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.Zero) await Task.WhenAny(message, Task.Delay(wait, stop));
            stop.ThrowIfCancellationRequested();
            if (message.IsCompleted)
            {
                // False (or a fault) means the server closed the connection or sent garbage: the session is over.
                if (!await message) return;
                while (inbound.TryRead(out var request)) await AnswerAsync(stream, request, stop);
                message = inbound.WaitToReadAsync(stop).AsTask();
            }
            var now = Stopwatch.GetTimestamp();
            if (now >= nextSampleAt)
            {
                await ReportChangesAsync(stream, stop);
                nextSampleAt = now + Ticks(settings.Interval);
            }
            if (Stopwatch.GetTimestamp() >= (KeepAliveDue ?? long.MaxValue))
                await SendAsync(stream, DeltaBatchPayloads.Empty(StreamId, _cursor), stop);
        }
    }

    /// <summary>When the next empty batch is due; null when the server has no idle timeout to keep ahead of.</summary>
    private long? KeepAliveDue => keepAlive is { } interval ? _lastSentAt + Ticks(interval) : null;

    private async Task ReportChangesAsync(NetworkStream stream, CancellationToken stop)
    {
        var next = translator.Translate(registry.Snapshot());
        var changes = PipelineDiff.Between(_reported, next);
        _reported = next;
        foreach (var payload in DeltaBatchPayloads.Encode(StreamId, _cursor, changes, maxFrameBytes))
            await SendAsync(stream, payload, stop);
        _cursor += (ulong)changes.Count;
    }

    private async Task AnswerAsync(NetworkStream stream, ServerMessage request, CancellationToken stop)
    {
        switch (request)
        {
            case CutRequest cut:
                await SendAsync(stream, ClientPayloads.CutAck(cut.CutId, StreamId, _cursor), stop);
                break;
            case SnapshotRequest snapshot:
                // The snapshot must be the state now, and the stream must already hold it, as a runtime's would.
                await ReportChangesAsync(stream, stop);
                var now = clock.NowMs;
                var reply = ClientPayloads.SnapshotReply(snapshot.SnapshotId, now, _reported.ToSnapshot());
                // A state too large for one frame is reported the way the client reports a failed capture: no snapshot.
                if (reply.Length > maxFrameBytes) reply = ClientPayloads.SnapshotReply(snapshot.SnapshotId, now, null);
                await SendAsync(stream, reply, stop);
                break;
        }
    }

    private async Task SendAsync(NetworkStream stream, byte[] payload, CancellationToken stop)
    {
        await stream.WriteAsync(FrameCodec.Encode(payload), stop);
        _lastSentAt = Stopwatch.GetTimestamp();
    }

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);

    private static async Task ReadServerMessagesAsync(NetworkStream stream, ChannelWriter<ServerMessage> inbound, CancellationToken stop)
    {
        try
        {
            await foreach (var message in ServerMessageReader.ReadAllAsync(stream, stop))
                await inbound.WriteAsync(message, stop);
        }
        catch (Exception e) when (e is EndOfStreamException or OperationCanceledException)
        {
            inbound.TryComplete();
        }
        catch (Exception e)
        {
            inbound.TryComplete(e);
        }
    }
}
