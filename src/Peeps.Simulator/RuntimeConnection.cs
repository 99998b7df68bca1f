using System.Diagnostics;
using System.Net.Sockets;
using System.Threading.Channels;
using Peeps.Simulator.Json;
using Peeps.Wire;
using Peeps.Wire.Framing;
using Peeps.Wire.Messages;

namespace Peeps.Simulator;

/// <summary>
/// The client side of the ingest protocol for one runtime, as the Rust client does it: connect, handshake,
/// then one loop that every tick sends the changes past its cursor and answers server requests; on any
/// failure wait and reconnect, with the cursor back at 0.
/// </summary>
internal sealed class RuntimeConnection(SimulatedRuntime runtime, SimulatorSettings options)
{
    private SimulatedProcess Process => runtime.Process;

    public async Task RunAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await RunOneConnectionAsync(stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is SocketException or IOException or ObjectDisposedException or WireFormatException or ChannelClosedException or OperationCanceledException)
            {
                // The server went away or broke the protocol; the real client just retries.
            }
            finally
            {
                runtime.OnDisconnected();
            }
            try
            {
                await Task.Delay(options.ReconnectDelay, stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task RunOneConnectionAsync(CancellationToken stop)
    {
        using var client = new TcpClient { NoDelay = true };
        await client.ConnectAsync(options.Host, options.Port, stop);
        await using var stream = client.GetStream();
        using var connection = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var inbound = Channel.CreateUnbounded<ServerMessage>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        var reader = ReadServerMessagesAsync(stream, inbound.Writer, connection.Token);
        try
        {
            await SendAsync(stream, ClientPayloads.Handshake(Process.Name, Process.Pid), stop);
            runtime.OnConnected();
            await SendLoopAsync(stream, inbound.Reader, stop);
        }
        finally
        {
            await connection.CancelAsync();
            await reader;
        }
    }

    private async Task SendLoopAsync(NetworkStream stream, ChannelReader<ServerMessage> inbound, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(options.TickInterval);
        var delayed = new List<(long DueAt, ServerMessage Request)>();
        ulong cursor = 0;
        var tick = timer.WaitForNextTickAsync(stop).AsTask();
        var message = inbound.WaitToReadAsync(stop).AsTask();
        while (true)
        {
            await Task.WhenAny(tick, message);
            if (message.IsCompleted)
            {
                // False (or a fault) means the server closed the connection or sent garbage: reconnect.
                if (!await message) return;
                while (inbound.TryRead(out var request)) await HandleAsync(stream, request, delayed, stop);
                message = inbound.WaitToReadAsync(stop).AsTask();
            }
            if (!tick.IsCompleted) continue;
            if (!await tick) return;
            tick = timer.WaitForNextTickAsync(stop).AsTask();
            await SendDueRepliesAsync(stream, delayed, stop);
            cursor = await SendBatchAsync(stream, cursor, stop);
        }
    }

    private async Task<ulong> SendBatchAsync(NetworkStream stream, ulong cursor, CancellationToken stop)
    {
        var pull = Process.Pull(cursor, options.Limits.MaxBatchChanges);
        if (pull.Changes.Count == 0 && !pull.Truncated && pull.NextSeqNo == cursor) return cursor;
        await SendAsync(stream, ClientPayloads.DeltaBatch(Process.StreamId, pull), stop);
        runtime.OnBatchSent(pull.Changes.Count, pull.NextSeqNo);
        return pull.NextSeqNo;
    }

    private async Task HandleAsync(NetworkStream stream, ServerMessage request, List<(long DueAt, ServerMessage Request)> delayed, CancellationToken stop)
    {
        switch (Process.Behavior)
        {
            case ProcessBehavior.Silent:
                return;
            case ProcessBehavior.Slow:
                delayed.Add((Stopwatch.GetTimestamp() + (long)(options.SlowReplyDelay.TotalSeconds * Stopwatch.Frequency), request));
                return;
            default:
                await AnswerAsync(stream, request, stop);
                return;
        }
    }

    private async Task SendDueRepliesAsync(NetworkStream stream, List<(long DueAt, ServerMessage Request)> delayed, CancellationToken stop)
    {
        var now = Stopwatch.GetTimestamp();
        while (delayed.Count > 0 && delayed[0].DueAt <= now)
        {
            var request = delayed[0].Request;
            delayed.RemoveAt(0);
            await AnswerAsync(stream, request, stop);
        }
    }

    private async Task AnswerAsync(NetworkStream stream, ServerMessage request, CancellationToken stop)
    {
        switch (request)
        {
            case CutRequest cut:
                await SendAsync(stream, ClientPayloads.CutAck(cut.CutId, Process.StreamId, Process.NextSeqNo), stop);
                runtime.OnCutAckSent();
                break;
            case SnapshotRequest snapshot:
                var (now, state) = Process.Capture();
                var reply = ClientPayloads.SnapshotReply(snapshot.SnapshotId, now, state);
                // A state too large for one frame is reported the way the client reports a failed capture: no snapshot.
                if (reply.Length > FrameCodec.MaxPayloadBytes) reply = ClientPayloads.SnapshotReply(snapshot.SnapshotId, now, null);
                await SendAsync(stream, reply, stop);
                runtime.OnSnapshotReplySent();
                break;
        }
    }

    private static async Task SendAsync(NetworkStream stream, byte[] payload, CancellationToken stop) =>
        await stream.WriteAsync(FrameCodec.Encode(payload), stop);

    private static async Task ReadServerMessagesAsync(NetworkStream stream, ChannelWriter<ServerMessage> inbound, CancellationToken stop)
    {
        try
        {
            await foreach (var message in ServerMessageReader.ReadAllAsync(stream, stop))
                inbound.TryWrite(message);
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
