using System.Diagnostics;

namespace Peeps.Ingest.Snapshots;

/// <summary>
/// Take a snapshot of every live connection; answered with <see cref="SnapshotTaken"/> or <see cref="SnapshotFailed"/>.
/// <paramref name="Trace"/> is the asker's span, under which the collector's spans are started.
/// </summary>
public sealed record TakeSnapshot(TimeSpan Timeout, ActivityContext Trace = default);

/// <summary><paramref name="Json"/> is the complete <c>POST /api/snapshot</c> response body, as stored in the <c>snapshots</c> table.</summary>
public sealed record SnapshotTaken(long SnapshotId, ReadOnlyMemory<byte> Json);

public sealed record SnapshotFailed(string Reason);

/// <summary>The coordinator's only journal event: ids never repeat, even for a snapshot the server did not live to store.</summary>
public sealed record SnapshotIdReserved(long SnapshotId);
