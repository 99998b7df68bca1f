namespace Peeps.Storage.Writing;

/// <summary>Tuning of the single writer connection. Defaults are the best durable setting measured in the engineering notes.</summary>
public sealed record WriterSettings
{
    /// <summary>Page cache of the writer connection. A large cache raises resident memory by about its size.</summary>
    public int CacheSizeKiB { get; init; } = 262_144;

    /// <summary>WAL pages before an automatic checkpoint; large values cut write amplification at the cost of a bigger WAL file.</summary>
    public int WalAutocheckpointPages { get; init; } = 100_000;

    /// <summary>
    /// How often a second connection copies the log into the database file (<see cref="WalCheckpointer"/>), keeping
    /// checkpoints off the writer; <see cref="TimeSpan.Zero"/> leaves them to the writer's auto-checkpoint.
    /// </summary>
    public TimeSpan BackgroundCheckpointInterval { get; init; } = TimeSpan.FromSeconds(1);

    public SnapshotRetention SnapshotRetention { get; init; } = new();
}
