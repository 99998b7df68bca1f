namespace Peeps.Wire.Messages;

/// <summary>A message the server sends to a runtime (the wire's <c>ServerMessage</c> enum).</summary>
public abstract record ServerMessage;

public sealed record CutRequest(string CutId) : ServerMessage;

public sealed record SnapshotRequest(long SnapshotId, long TimeoutMs) : ServerMessage;
