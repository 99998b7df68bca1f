namespace Peeps.Storage.Writing;

/// <summary>
/// A command of a group that could not be applied and left nothing of itself in the database
/// (for a delta batch: no rows, no <c>delta_batches</c> row, cursor not advanced). The rest of the group committed.
/// </summary>
public sealed record RejectedCommand(WriteCommand Command, string Reason);
