using Peeps.Wire.Messages;

namespace Peeps.Ingest.Connections;

/// <summary>Ask a connection to send <c>cut_request</c>; its <see cref="CutAcknowledged"/> goes back to the asker.</summary>
public sealed record RequestCut(string CutId);

public sealed record CutAcknowledged(long ConnId, string CutId, StreamCursor Cursor);

/// <summary>Ask a connection to send <c>snapshot_request</c>; its <see cref="SnapshotReplied"/> goes back to the asker.</summary>
public sealed record RequestSnapshot(long SnapshotId, long TimeoutMs);

public sealed record SnapshotReplied(long ConnId, SnapshotReply Reply);

/// <summary>The request could not be queued for the client (its outbound queue is full or closed).</summary>
public sealed record ClientUnreachable(long ConnId, string Reason);

/// <summary>A message the connection's inbound stream decoded that the actor handles.</summary>
internal sealed record FromClient(ClientMessage Message);

/// <summary>The connection's inbound stream ended; the actor stops.</summary>
internal sealed record ConnectionStreamEnded(string Reason);
