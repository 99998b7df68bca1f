using System.Collections.Immutable;
using Peeps.Ingest.Connections;
using Peeps.Wire.Messages;

namespace Peeps.Ingest.Snapshots;

/// <param name="RepliedAfterMs">From the request to this reply reaching the snapshot, as the server saw it.</param>
public sealed record SnapshotAnswer(LiveConnection Connection, SnapshotReply Reply, double RepliedAfterMs);

/// <summary>A reply whose snapshot was not kept, because it would have taken the snapshot past its reply budget.</summary>
/// <param name="SnapshotBytes">The size of the snapshot object the process sent.</param>
public sealed record TooLargeReply(LiveConnection Connection, ulong PtimeNowMs, double RepliedAfterMs, long SnapshotBytes, string Reason);

/// <summary>
/// Everything one snapshot found. <paramref name="TimedOut"/> holds connections that were asked but did not reply
/// in time (including those whose outbound queue was full); <paramref name="Disconnected"/> those that went away
/// while the snapshot waited; <paramref name="TooLarge"/> those that replied with more than the snapshot could keep.
/// <paramref name="CompletedAfterMs"/> runs from the request to the result being ready, so its distance to the slowest
/// <see cref="SnapshotAnswer.RepliedAfterMs"/> is what the server added after the last reply.
/// </summary>
public sealed record SnapshotOutcome(
    long SnapshotId,
    long CapturedAtUnixMs,
    long TimeoutMs,
    ImmutableArray<SnapshotAnswer> Answers,
    ImmutableArray<LiveConnection> TimedOut,
    ImmutableArray<LiveConnection> Disconnected,
    ImmutableArray<TooLargeReply> TooLarge,
    double CompletedAfterMs);
