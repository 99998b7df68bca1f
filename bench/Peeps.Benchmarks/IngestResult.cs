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
    IReadOnlyList<(string Name, double Seconds)> ServerThreads)
{
    /// <summary>Average cores the server process used over the run.</summary>
    public double ServerCores => ServerThreads.Sum(t => t.Seconds) / Elapsed.TotalSeconds;

    public long BatchesLost => BatchesSent - BatchesCommitted;

    public double CommittedPerSecond => ChangesCommitted / Elapsed.TotalSeconds;
}
