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
}
