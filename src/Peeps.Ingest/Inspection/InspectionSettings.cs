namespace Peeps.Ingest.Inspection;

/// <summary>How the live stream graph (<c>GET /api/streams</c>) turns counters into rates and percentiles.</summary>
public sealed record InspectionSettings
{
    /// <summary>Rates and backpressured time are deltas over this window; shorter reacts faster, longer is steadier.</summary>
    public TimeSpan SampleInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Commit latency percentiles and group sizes cover the commits of this long.</summary>
    public TimeSpan CommitWindow { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Most commits remembered for <see cref="CommitWindow"/>; at high commit rates the window is shorter.</summary>
    public int CommitWindowSamples { get; init; } = 4096;

    /// <summary>
    /// Most samples remembered per write-path stage (one per delta batch) and for GC pauses, over <see cref="CommitWindow"/>:
    /// 64 runtimes at the client's pace send 640 batches/s, so 65,536 cover about 100 s of them (16 bytes each).
    /// </summary>
    public int LatencySamples { get; init; } = 65_536;
}
