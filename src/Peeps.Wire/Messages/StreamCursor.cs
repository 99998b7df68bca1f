namespace Peeps.Wire.Messages;

/// <summary>A position in a process's change stream: the next sequence number not yet sent.</summary>
public sealed record StreamCursor(string StreamId, ulong NextSeqNo);
