namespace Peeps.Storage.Schema;

/// <summary>
/// What a server needs from the file before it accepts connections: ids continue after these so they are never
/// reused for the life of the file. All are 0 on a fresh file.
/// </summary>
/// <param name="MaxCutNumber">The highest N of a cut id <c>cut:N</c>.</param>
public sealed record StoreStartState(int SchemaVersion, long MaxConnId, long MaxCutNumber, long MaxSnapshotId)
{
    /// <summary>Connection rows without <c>disconnected_at_ns</c>: an earlier run ended without closing them (a crash, a kill).</summary>
    public long OpenConnectionRows { get; init; }
}
