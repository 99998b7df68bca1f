using System.Collections.Concurrent;
using Akka.IO;
using Peeps.Ingest.Metrics;
using Peeps.Storage.Writing;
using Peeps.Wire.Messages;

namespace Peeps.Ingest.Inspection;

/// <summary>
/// The meters and counters of one connection's flow. Its stages are named as in the flow itself
/// (<c>conn-{id}-framing</c>, ...), and it lives exactly as long as the connection.
/// </summary>
public sealed class ConnectionInspection
{
    private readonly PeepsMetrics _metrics;
    private readonly ConcurrentDictionary<string, StreamProgress> _streams = new();
    private long _batches;
    private string? _processName;
    private long _pid;

    internal ConnectionInspection(long connId, IngestSettings settings, PeepsMetrics metrics)
    {
        ConnId = connId;
        ConnectedAtUnixMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        _metrics = metrics;
        InspectedStage[] idle = settings.IdleTimeoutEnabled ? [new InspectedStage(StageName("idle"), "idle_timeout", connId, Read, Read, Read)] : [];
        Stages =
        [
            .. idle,
            new InspectedStage(StageName("frame-read"), "frame_read_timeout", connId, Read, Read, null),
            new InspectedStage(StageName("framing"), "framing", connId, Read, Framed, Framed),
            new InspectedStage(StageName("decode"), "decode", connId, Framed, Decoded, Decoded),
            new InspectedStage(StageName("buffer"), "buffer", connId, Decoded, Buffered, Buffered,
                () => new StageFill(Math.Max(0, Decoded.Elements - Buffered.Elements), settings.ConnectionBufferMessages, "messages")),
            new InspectedStage(StageName("route"), "route", connId, Buffered, Routed, Routed),
            new InspectedStage(StageName("close"), "emit_on_termination", connId, Routed, Stored, Stored),
            new InspectedStage(StageName("outbound"), "outbound", connId, null, Outbound, Outbound),
        ];
    }

    public long ConnId { get; }

    public long ConnectedAtUnixMs { get; }

    /// <summary>TCP chunks as read; units are bytes.</summary>
    public StageMeter Read { get; } = new();

    public StageMeter Framed { get; } = new();

    public StageMeter Decoded { get; } = new();

    public StageMeter Buffered { get; } = new();

    /// <summary>Write commands out of routing; units are changes.</summary>
    public StageMeter Routed { get; } = new();

    /// <summary>Write commands handed to the shared merge, the connection's opened and closed rows included.</summary>
    public StageMeter Stored { get; } = new();

    public StageMeter Outbound { get; } = new();

    public IReadOnlyList<InspectedStage> Stages { get; }

    /// <summary>The stage that feeds the shared merge.</summary>
    public string LastStageName => Stages[^2].Name;

    public long Batches => Volatile.Read(ref _batches);

    public string? ProcessName => Volatile.Read(ref _processName);

    public uint? Pid => ProcessName is null ? null : (uint)Volatile.Read(ref _pid);

    public IEnumerable<StreamProgress> Streams => _streams.Values;

    public string StageName(string stage) => $"conn-{ConnId}-{stage}";

    public long BytesOf(ByteString chunk)
    {
        _metrics.BytesRead(chunk.Count);
        return chunk.Count;
    }

    /// <summary>Notes what a decoded frame says about this connection, and passes it on.</summary>
    public ClientMessage Received(ClientMessage message)
    {
        _metrics.FrameDecoded();
        switch (message)
        {
            case DeltaBatch batch:
                Interlocked.Increment(ref _batches);
                _metrics.BatchReceived(batch.Changes.Count);
                _streams.GetOrAdd(batch.StreamId, static (id, from) => new StreamProgress(id, from), batch.FromSeqNo).Received(batch.NextSeqNo);
                break;
            case Handshake handshake:
                Volatile.Write(ref _pid, handshake.Pid);
                Volatile.Write(ref _processName, handshake.ProcessName);
                break;
        }
        return message;
    }

    /// <summary>Changes carried by a command, for the route meter's units.</summary>
    public static long ChangesOf(WriteCommand command) => command is DeltaBatchReceived received ? received.Batch.Changes.Count : 0;

    internal void Committed(CommittedCursor cursor)
    {
        if (_streams.TryGetValue(cursor.StreamId, out var stream)) stream.Committed(cursor.NextSeqNo);
    }
}
