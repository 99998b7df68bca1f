namespace Peeps.Benchmarks;

/// <summary>
/// What the server's own metrics say of one run: the p99 of each write-path stage (a bucket bound), GC pauses, the
/// checkpoints that held the writer, and the share of committed changes coalesced away within groups.
/// </summary>
public sealed record ServerFigures(
    IReadOnlyList<(string Stage, double? P99Ms)> Stages,
    double GcPauses,
    double? GcPauseP99Ms,
    double? GcPauseMaxMs,
    double HeldCheckpoints,
    double? HeldCheckpointMaxMs,
    double CoalescedShare)
{
    public static readonly string[] StageNames = ["merge", "group", "writer_queue", "commit", "total"];

    public static ServerFigures From(MetricsScrape m)
    {
        const string stage = "peeps_ingest_stage_duration_seconds";
        const string gc = "peeps_gc_pause_duration_seconds";
        const string checkpoint = "peeps_store_checkpoint_duration_seconds";
        var changes = m.Value("peeps_store_changes_total");
        return new ServerFigures(
            [.. StageNames.Select(s => (s, m.QuantileMs(stage, $"stage=\"{s}\",", 0.99)))],
            m.Count(gc, ""),
            m.QuantileMs(gc, "", 0.99),
            m.QuantileMs(gc, "", 1.0),
            m.Count(checkpoint, "kind=\"between_commits\""),
            m.QuantileMs(checkpoint, "kind=\"between_commits\",", 1.0),
            changes <= 0 ? 0 : m.Value("peeps_store_changes_coalesced_total") / changes);
    }

    public string Describe() =>
        "server p99 (bucket bounds): " + string.Join(", ", Stages.Select(s => $"{s.Stage} ≤{s.P99Ms:0.#} ms"))
        + $"; GC pauses {GcPauses:0} (p99 ≤{GcPauseP99Ms:0.#} ms, max ≤{GcPauseMaxMs:0.#} ms)"
        + $"; checkpoints between commits {HeldCheckpoints:0} (max ≤{HeldCheckpointMaxMs:0.#} ms); coalesced {CoalescedShare:P1}";
}
