namespace Peeps.Simulator.Runtime;

/// <summary>The Rust client's fixed limits; tests shrink them to reach compaction quickly.</summary>
public sealed record ClientLimits
{
    public int MaxBatchChanges { get; init; } = 2048;

    /// <summary>Retained changes above which the history is compacted.</summary>
    public int HistoryLimit { get; init; } = 65_536;

    /// <summary>How many changes compaction keeps (the newest).</summary>
    public int CompactTo { get; init; } = 8_192;

    public int SnapshotEventLimit { get; init; } = 16_384;
}
