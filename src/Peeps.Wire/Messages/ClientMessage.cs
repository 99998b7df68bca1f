namespace Peeps.Wire.Messages;

/// <summary>A message a runtime sends to the server (the wire's <c>ClientMessage</c> enum).</summary>
public abstract record ClientMessage;

/// <summary>First message on every connection: who the process is.</summary>
public sealed record Handshake(string ProcessName, uint Pid) : ClientMessage;

/// <summary>A process's reply to <see cref="CutRequest"/>: the cursor it had reached when asked.</summary>
public sealed record CutAck(string CutId, StreamCursor Cursor) : ClientMessage;

/// <summary>
/// A process's reply to <see cref="SnapshotRequest"/>. <paramref name="Snapshot"/> is the raw JSON object
/// exactly as it arrived (relayed without re-serialization), or null when the process could not build one.
/// </summary>
public sealed record SnapshotReply(long SnapshotId, ulong PtimeNowMs, ReadOnlyMemory<byte>? Snapshot) : ClientMessage;

/// <summary>A failure the process reports before it disconnects.</summary>
public sealed record ClientError(string ProcessName, uint Pid, string Stage, string Error, string? LastFrameUtf8) : ClientMessage;

/// <summary>
/// A message variant this server does not know. Newer clients add variants; the frame is skipped, not fatal.
/// </summary>
public sealed record UnknownClientMessage(string Variant) : ClientMessage;
