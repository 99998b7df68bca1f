namespace Peeps.Benchmarks;

/// <summary>
/// One end-to-end run: <paramref name="OfferedPerSecond"/> is null when senders went back to back (beyond saturation).
/// <paramref name="Elapsed"/> runs from the first send to the probe that saw the last batch committed.
/// </summary>
public sealed record IngestResult(
    int Connections,
    string Load,
    double? OfferedPerSecond,
    long ChangesSent,
    int BatchesSent,
    long BatchesCommitted,
    long ChangesCommitted,
    TimeSpan Elapsed,
    Percentiles? LatencyMs,
    long PeakRssBytes,
    long FinalRssBytes,
    bool Drained,
    IReadOnlyList<ThreadTime> ServerThreads)
{
    /// <summary>Largest size the write-ahead log reached during the run (sampled every 50 ms).</summary>
    public long PeakWalBytes { get; init; }

    /// <summary>The server's own per-stage latency, GC, checkpoint and coalescing figures for the run.</summary>
    public ServerFigures? Server { get; init; }

    /// <summary>Cuts taken while the runtimes sent (<see cref="Loads.TakesCuts"/>), or null.</summary>
    public CutFigures? Cuts { get; init; }

    /// <summary>Average cores the server process used over the run.</summary>
    public double ServerCores => ServerThreads.Sum(t => t.RunSeconds) / Elapsed.TotalSeconds;

    public long BatchesLost => BatchesSent - BatchesCommitted;

    public double CommittedPerSecond => ChangesCommitted / Elapsed.TotalSeconds;

    /// <summary>The single SQLite writer thread, by the name its dispatcher gives it (Linux keeps 15 characters).</summary>
    public ThreadTime? Writer => ServerThreads.FirstOrDefault(t => t.Name.StartsWith("peeps.writer", StringComparison.Ordinal));

    /// <summary>Server CPU (all threads, including the probe's SQL reads) per thousand changes committed.</summary>
    public double CpuMsPerThousandChanges => ServerThreads.Sum(t => t.RunSeconds) * 1e6 / Math.Max(1, ChangesCommitted);

    public double WriterCpuMsPerThousandChanges => (Writer?.RunSeconds ?? 0) * 1e6 / Math.Max(1, ChangesCommitted);

    public double ChangesPerBatch => BatchesSent == 0 ? 0 : (double)ChangesSent / BatchesSent;
}
