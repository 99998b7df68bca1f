namespace Peeps.Ingest.Inspection;

/// <summary>Commits in the window: latency percentiles (nearest rank) and group sizes; nulls when there were none.</summary>
public sealed record CommitWindowStats(
    int Commits,
    double? P50Ms,
    double? P99Ms,
    double? MaxMs,
    double? MeanCommands,
    int? MaxCommands,
    double? MeanWeight,
    long? MaxWeight)
{
    public static CommitWindowStats Empty { get; } = new(0, null, null, null, null, null, null, null);
}
