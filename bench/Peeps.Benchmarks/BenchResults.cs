namespace Peeps.Benchmarks;

/// <summary>Everything one run measured, on one machine, in one go.</summary>
public sealed record BenchResults(
    BenchOptions Options,
    MachineInfo Machine,
    DateTimeOffset StartedAt,
    TimeSpan Duration,
    string LoadAtStart,
    string LoadAtEnd,
    Corpus StoreCorpus,
    StoreResult Ceiling,
    StoreResult Upstream,
    StoreResult? UpstreamOnItsSchema,
    IReadOnlyList<IngestResult> Ingest,
    IReadOnlyList<CoordinationResult> Coordination)
{
    /// <summary>The run the targets are about: 64 runtimes (or the nearest measured) sending beyond saturation.</summary>
    public IngestResult? Saturated(int connections) =>
        Ingest.Where(r => r.OfferedPerSecond is null).MinBy(r => Math.Abs(r.Connections - connections));

    public IngestResult? HalfSaturation(int connections) =>
        Ingest.Where(r => r.Load == Loads.Half).MinBy(r => Math.Abs(r.Connections - connections));
}
