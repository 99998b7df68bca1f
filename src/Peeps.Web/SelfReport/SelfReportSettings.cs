namespace Peeps.Web.SelfReport;

/// <summary>
/// The server reporting its own ingest pipeline as a peeps process (<c>Peeps:SelfReport</c>): it connects to its
/// own ingest port like any runtime, so the stage graph shows up in SQL, query packs, snapshots and the console.
/// </summary>
public sealed record SelfReportSettings
{
    public bool Enabled { get; init; }

    /// <summary>How often the stage graph is sampled and its changes sent; idle stages send nothing.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Most stage entities reported. The shared write path always is; connections follow oldest first, each with its
    /// whole flow or not at all, so the report of a busy server stays a bounded load on the pipeline it describes.
    /// </summary>
    public int MaxEntities { get; init; } = 512;

    /// <summary>Share of the last sample window a stage must have waited on its downstream to get a <c>needs</c> edge to it.</summary>
    public double BackpressuredFraction { get; init; } = 0.5;

    /// <summary>The handshake's process name; the pid is the server's own.</summary>
    public string ProcessName { get; init; } = "peeps-web";
}
