namespace Peeps.Benchmarks;

/// <summary>One run of a sweep: <paramref name="Setting"/> is null for the baseline at the defaults.</summary>
public sealed record SweepRow(string? Setting, IngestResult Result);
