namespace Peeps.Benchmarks;

/// <summary>Everything one run measured, on one machine, in one go.</summary>
/// <param name="Rounds">The interleaved headline comparisons, in the order they ran.</param>
/// <param name="Ingest">Every end-to-end run: the rounds' beyond-saturation runs, then the paced ones.</param>
public sealed record BenchResults(
    BenchOptions Options,
    MachineInfo Machine,
    DateTimeOffset StartedAt,
    TimeSpan Duration,
    string LoadAtStart,
    string LoadAtEnd,
    Corpus StoreCorpus,
    IReadOnlyList<HeadlineRound> Rounds,
    IReadOnlyList<IngestResult> Ingest,
    IReadOnlyList<CoordinationResult> Coordination)
{
    /// <summary>The connection count nearest to <paramref name="connections"/> that the rounds measured (the targets name 64).</summary>
    public int? NearestMeasured(int connections) =>
        Rounds.Count == 0 ? null : Rounds.Select(r => r.Connections).MinBy(c => Math.Abs(c - connections));

    public IReadOnlyList<HeadlineRound> RoundsAt(int connections) => [.. Rounds.Where(r => r.Connections == connections)];

    public IEnumerable<int> ConnectionCounts => Rounds.Select(r => r.Connections).Distinct();

    public IngestResult? HalfSaturation(int connections) =>
        Ingest.Where(r => r.Load == Loads.Half).MinBy(r => Math.Abs(r.Connections - connections));
}
