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

    /// <summary>
    /// Log size, in pages, beyond which the background checkpointer follows its copy with a second one between two
    /// commits (<see cref="ICommitGate"/>), so that the log is wholly copied and the writer starts it over. Without it
    /// commits land while every background copy runs, the log is never wholly copied, it grows to
    /// <see cref="WalAutocheckpointPages"/>, and the writer's own checkpoint then stalls a commit for hundreds of
    /// milliseconds to copy and sync it. 0 turns the second copy off.
    /// </summary>
    public int WalRestartPages { get; init; } = 4096;

    /// <summary>
    /// Write only the last effect on each row within a group commit (<see cref="GroupCoalescer"/>): invisible to readers,
    /// who only see whole groups, and cheaper when runtimes change the same entities, edges and scopes several times a
    /// group. Off writes every change, as the benchmark's SQLite ceiling does.
    /// </summary>
    public bool CoalesceWithinGroup { get; init; } = true;

    public SnapshotRetentionSettings SnapshotRetention { get; init; } = new();

    /// <summary>How often each stream's state is checkpointed for rebuilding the graph at a past instant.</summary>
    public History.CheckpointSettings Checkpoints { get; init; } = new();
}
