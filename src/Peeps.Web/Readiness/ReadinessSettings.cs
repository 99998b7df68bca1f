namespace Peeps.Web.Readiness;

/// <summary>When <c>GET /health/ready</c> (and the <c>peeps_ready</c> metric) says the server cannot do its job.</summary>
public sealed record ReadinessSettings
{
    /// <summary>
    /// A commit running (retries included) for longer than this means the writer is not making progress: the disk
    /// is full, another process holds the write lock, or I/O fails. Ingest is then held back, not lost.
    /// </summary>
    public TimeSpan WriterStallAfter { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Free space below this on the database's file system is reported before SQLite runs out of it.</summary>
    public long MinFreeDiskBytes { get; init; } = 512L * 1024 * 1024;

    /// <summary>How often the checks also run in the background for the metric.</summary>
    public TimeSpan MetricInterval { get; init; } = TimeSpan.FromSeconds(5);
}
