using System.Diagnostics;
using Peeps.Wire.Messages;

namespace Peeps.Storage.Writing;

/// <summary>
/// Everything that changes the database goes through the single writer as one of these,
/// so bookkeeping rows can never collide with batch writes.
/// </summary>
public abstract record WriteCommand
{
    /// <summary>The trace of the request this row answers (a cut or snapshot), so its commit joins that trace; none for ingest.</summary>
    public ActivityContext Trace { get; init; }
}

/// <summary>A TCP connection was accepted: the row is named <c>unknown-&lt;conn_id&gt;</c>, pid 0, until its handshake.</summary>
public sealed record ConnectionOpened(long ConnId, long AtNs) : WriteCommand;

/// <summary>The connection's handshake arrived.</summary>
public sealed record ConnectionIdentified(long ConnId, string ProcessName, uint Pid) : WriteCommand;

public sealed record ConnectionClosed(long ConnId, long AtNs) : WriteCommand;

/// <summary>
/// At start, before any new connection: rows up to <paramref name="UpToConnId"/> still open were left so by a run that
/// did not shut down cleanly. Each is closed at the last time that run heard from it (its newest cursor update, else
/// its connect time): the moment it was lost is unknown, and this keeps it from overlapping the connections of the new run.
/// </summary>
public sealed record EarlierRunConnectionsClosed(long UpToConnId) : WriteCommand;

/// <summary>One delta batch: applied all-or-nothing together with its <c>delta_batches</c> row and cursor update.</summary>
public sealed record DeltaBatchReceived(long ConnId, DeltaBatch Batch, long ReceivedAtNs) : WriteCommand
{
    /// <summary>Bytes of the ingest budget this batch's frame holds until it is committed; 0 outside ingest.</summary>
    public long BudgetBytes { get; init; }

    /// <summary>
    /// <see cref="System.Diagnostics.Stopwatch"/> timestamp of the frame's decoding, for the per-stage latency of the
    /// write path (monotonic, unlike <paramref name="ReceivedAtNs"/>); 0 when the command did not come off a socket.
    /// </summary>
    public long ReceivedTimestamp { get; init; }
}

public sealed record CutRecorded(string CutId, long RequestedAtNs) : WriteCommand;

public sealed record CutAckRecorded(string CutId, long ConnId, StreamCursor Cursor, long ReceivedAtNs) : WriteCommand;

/// <summary>
/// A finished <c>POST /api/snapshot</c>: <paramref name="ResultJson"/> is the response body as sent to the client.
/// Recording one prunes older snapshots to the writer's <see cref="SnapshotRetentionSettings"/>.
/// </summary>
public sealed record SnapshotRecorded(
    long SnapshotId,
    long RequestedAtNs,
    long CompletedAtNs,
    long TimeoutMs,
    int RequestedConnections,
    int Replied,
    int TimedOut,
    ReadOnlyMemory<byte> ResultJson) : WriteCommand;
