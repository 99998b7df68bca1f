using System.Collections.Immutable;
using Peeps.Ingest.Connections;
using Peeps.Wire.Messages;

namespace Peeps.Ingest.Snapshots;

public sealed record SnapshotAnswer(LiveConnection Connection, SnapshotReply Reply);

/// <summary>
/// Everything one snapshot found. <paramref name="TimedOut"/> holds connections that were asked but did not reply
/// in time (including those whose outbound queue was full); <paramref name="Disconnected"/> those that went away
/// while the snapshot waited.
/// </summary>
public sealed record SnapshotOutcome(
    long SnapshotId,
    long CapturedAtUnixMs,
    long TimeoutMs,
    ImmutableArray<SnapshotAnswer> Answers,
    ImmutableArray<LiveConnection> TimedOut,
    ImmutableArray<LiveConnection> Disconnected);
