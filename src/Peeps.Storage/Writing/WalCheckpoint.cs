namespace Peeps.Storage.Writing;

/// <summary>Frames in the log and how many of them are now in the database file; busy when another checkpoint was running.</summary>
public readonly record struct WalCheckpoint(int LogFrames, int CopiedFrames, bool Busy);
