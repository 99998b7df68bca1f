namespace Peeps.Storage.Writing;

/// <summary>Tuning of the single writer connection. Defaults are durable settings measured with the benchmark harness (docs/tuning.md).</summary>
public sealed record WriterSettings
{
    /// <summary>
    /// Page cache of the writer connection; resident memory grows by about its size. 64 MiB ingested as fast as
    /// 256 MiB with 64 runtimes at full load and kept peak RSS about 200 MB lower; pages it misses come from the
    /// OS file cache.
    /// </summary>
    public int CacheSizeKiB { get; init; } = 65_536;

    /// <summary>WAL pages before an automatic checkpoint; large values cut write amplification at the cost of a bigger WAL file.</summary>
    public int WalAutocheckpointPages { get; init; } = 100_000;

    /// <summary>
    /// How often a second connection copies the log into the database file (<see cref="WalCheckpointer"/>), keeping
    /// checkpoints off the writer; <see cref="TimeSpan.Zero"/> leaves them to the writer's auto-checkpoint.
    /// </summary>
    public TimeSpan BackgroundCheckpointInterval { get; init; } = TimeSpan.FromSeconds(1);

    public SnapshotRetention SnapshotRetention { get; init; } = new();

    /// <summary>How often each stream's state is checkpointed for rebuilding the graph at a past instant.</summary>
    public History.CheckpointSettings Checkpoints { get; init; } = new();
}
