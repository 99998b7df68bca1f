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
    /// <summary>The connection count the targets are checked at: the one measured nearest to the options' target count.</summary>
    public int? TargetConnections =>
        Rounds.Count == 0 ? null : Rounds.Select(r => r.Connections).MinBy(c => Math.Abs(c - Options.TargetConnections));

    public IReadOnlyList<HeadlineRound> RoundsAt(int connections) => [.. Rounds.Where(r => r.Connections == connections)];

    public IEnumerable<int> ConnectionCounts => Rounds.Select(r => r.Connections).Distinct();

    /// <summary>The paced runs at one load, one per connection count.</summary>
    public IEnumerable<IngestResult> Paced(string load) => Ingest.Where(r => r.Load == load);
}
