using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Peeps.Simulator.Json;
using Peeps.Wire;
using Peeps.Wire.Framing;
using Peeps.Wire.Messages;

namespace Peeps.Benchmarks;

/// <summary>
/// One simulated process's pre-generated delta batches sent over its own TCP connection, after a handshake.
/// Paced, batch k goes out at the start plus k ticks (shifted by a per-connection phase), like a client's
/// 100 ms loop; unpaced, batches go back to back as fast as the server's backpressure lets them. Frames are
/// encoded up front so the sender costs the shared CPUs almost nothing while the server is measured. Like the
/// client, it answers a <c>cut_request</c> at once with the cursor past its last sent batch, and notes when.
/// </summary>
public sealed class ReplayRuntime : IAsyncDisposable
{
    private readonly CorpusBatch[] _batches;
    private readonly byte[][] _frames;
    private readonly long[] _sentAt;
    private readonly List<double> _latenciesMs = [];
    private readonly SemaphoreSlim _writing = new(1, 1);
    private readonly ConcurrentDictionary<string, long> _cutAckedAt = new();
    private TcpClient? _tcp;
    private NetworkStream? _stream;
    private Task _drain = Task.CompletedTask;
    private int _sent;
    private int _confirmed;

    public ReplayRuntime(string name, uint pid, IEnumerable<CorpusBatch> batches)
    {
        Name = name;
        Pid = pid;
        _batches = [.. batches];
        _frames = [.. _batches.Select(b => FrameCodec.Encode(b.Payload))];
        _sentAt = new long[_batches.Length];
    }

    public string Name { get; }
    public uint Pid { get; }
    public int BatchCount => _batches.Length;

    /// <summary>The stream the replayed batches belong to (the corpus's process, not <see cref="Pid"/>).</summary>
    public string StreamId => _batches.Length == 0 ? $"proc:{Pid}" : _batches[0].Batch.StreamId;

    public int Sent => Volatile.Read(ref _sent);
    public long ChangesSent => _batches.Take(Sent).Sum(b => (long)b.Batch.Changes.Count);
    public bool AllConfirmed => _confirmed == _batches.Length;
    public IReadOnlyList<double> LatenciesMs => _latenciesMs;
    public long LastSentAt => Sent == 0 ? 0 : _sentAt[Sent - 1];

    /// <summary>When this runtime wrote its <c>cut_ack</c> for <paramref name="cutId"/>, if it has.</summary>
    public long? CutAckedAt(string cutId) => _cutAckedAt.TryGetValue(cutId, out var at) ? at : null;

    public async Task ConnectAsync(IPEndPoint server)
    {
        _tcp = new TcpClient { NoDelay = true };
        await _tcp.ConnectAsync(server);
        _stream = _tcp.GetStream();
        await ExclusivelyAsync(async () => await _stream.WriteAsync(FrameCodec.Encode(ClientPayloads.Handshake(Name, Pid))));
        // Read everything the server sends, so a full receive window never stalls it.
        _drain = AnswerAsync(_stream);
    }

    /// <param name="tick">Null sends back to back; otherwise the batch of tick k is due at <paramref name="start"/> + phase + k × tick.</param>
    public async Task SendAllAsync(long start, TimeSpan? tick, TimeSpan phase)
    {
        for (var i = 0; i < _batches.Length; i++)
        {
            if (tick is { } interval)
            {
                var due = start + (long)((phase + interval * _batches[i].Tick).TotalSeconds * Stopwatch.Frequency);
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
                if (wait > TimeSpan.Zero) await Task.Delay(wait);
            }
            var batch = i;
            await ExclusivelyAsync(async () =>
            {
                await _stream!.WriteAsync(_frames[batch]);
                _sentAt[batch] = Stopwatch.GetTimestamp();
                Volatile.Write(ref _sent, batch + 1);
            });
        }
    }

    /// <summary>
    /// The server's committed cursor for this runtime's stream, read by a query that started at <paramref name="readAt"/>:
    /// every sent batch it covers became visible before then.
    /// </summary>
    public void Observe(ulong committedNextSeqNo, long readAt)
    {
        var sent = Sent;
        while (_confirmed < sent && _batches[_confirmed].Batch.NextSeqNo <= committedNextSeqNo)
        {
            _latenciesMs.Add(Stopwatch.GetElapsedTime(_sentAt[_confirmed], readAt).TotalMilliseconds);
            _confirmed++;
        }
    }

    public async ValueTask DisposeAsync()
    {
        _tcp?.Dispose();
        try
        {
            await _drain;
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException or EndOfStreamException)
        {
            // Closing the socket ends the read loop with whichever of these the runtime raises.
        }
        _writing.Dispose();
    }

    private async Task AnswerAsync(NetworkStream stream)
    {
        await foreach (var message in ServerMessageReader.ReadAllAsync(stream, CancellationToken.None))
        {
            if (message is not CutRequest cut) continue;
            await ExclusivelyAsync(async () =>
            {
                var sent = Sent;
                var cursor = sent == 0 ? 0 : _batches[sent - 1].Batch.NextSeqNo;
                await stream.WriteAsync(FrameCodec.Encode(ClientPayloads.CutAck(cut.CutId, StreamId, cursor)));
                _cutAckedAt[cut.CutId] = Stopwatch.GetTimestamp();
            });
        }
    }

    /// <summary>Frames from the sender and the cut answers share one socket: one write at a time, never interleaved.</summary>
    private async Task ExclusivelyAsync(Func<Task> write)
    {
        await _writing.WaitAsync();
        try
        {
            await write();
        }
        finally
        {
            _writing.Release();
        }
    }
}
