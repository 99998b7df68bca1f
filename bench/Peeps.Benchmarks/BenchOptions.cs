namespace Peeps.Benchmarks;

/// <summary>How much work each part of a run does. <see cref="Quick"/> fits in two minutes on the 2-core machine.</summary>
public sealed record BenchOptions
{
    public bool IsQuick { get; init; }

    /// <summary>Changes written by the SQLite ceiling and the upstream strategy (the same corpus for both).</summary>
    public long StoreCorpusChanges { get; init; } = 600_000;

    /// <summary>Streams (simulated processes) in the store corpus; the engineering notes measured 64.</summary>
    public int StoreCorpusStreams { get; init; } = 64;

    /// <summary>Per-process change rate of the store corpus: about 1.5k changes per 100 ms batch, as in the notes.</summary>
    public double StoreCorpusRatePerProcess { get; init; } = 15_000;

    /// <summary>
    /// Most changes (plus one per command) per transaction of the SQLite ceiling. 65,536 was the server's first default;
    /// the server's default is now 32,768 (<c>Peeps:Ingest:MaxGroupWeight</c>). The ceiling keeps the larger groups so
    /// its figures stay comparable across runs: it measures what SQLite does with big transactions, not our setting.
    /// </summary>
    public long MaxGroupWeight { get; init; } = 65_536;

    public IReadOnlyList<int> ConnectionCounts { get; init; } = [1, 16, 64, 256];

    /// <summary>
    /// Rounds of [ceiling pass, beyond-saturation ingest run, upstream pass(es)] at each connection count. The ratios are
    /// the median of the rounds' own ratios: on a shared machine one pass of a yardstick swings by half its rate.
    /// </summary>
    public int Rounds { get; init; } = 3;

    /// <summary>
    /// Also run the upstream strategy on upstream's own schema, which lacks the indexes our migrations add. Only in the
    /// rounds at the target connection count: a pass takes about 15 s, too long to repeat at every count.
    /// </summary>
    public bool RunUpstreamSchema { get; init; } = true;

    /// <summary>The connection count the throughput and memory targets name (or the nearest one measured).</summary>
    public int TargetConnections { get; init; } = 64;

    /// <summary>
    /// Changes sent back to back in the beyond-saturation run of each connection count: about 5 s at the rates measured
    /// so far (300k gave runs of 1.5 s, where one checkpoint or collection moved the rate by a tenth).
    /// </summary>
    public long SaturationChanges { get; init; } = 1_000_000;

    /// <summary>Total offered rate used to shape the beyond-saturation batches (senders do not wait for it).</summary>
    public double SaturationShapingRate { get; init; } = 200_000;

    /// <summary>
    /// Length of each paced run (at, at half and at a quarter of saturation). Stalls of a few hundred milliseconds
    /// recur every several seconds, so a p99 taken over a few seconds misses them: 30 s is the least that means
    /// something (<c>--paced-seconds</c>).
    /// </summary>
    public TimeSpan PacedDuration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// When set (<c>--saturated-rate</c>), the interleaved rounds are skipped and the paced runs take this as the
    /// saturated rate at every connection count: for latency work, where the rounds' minutes buy nothing.
    /// </summary>
    public double? SaturatedRate { get; init; }

    /// <summary>How often the latency probe reads the committed cursors through <c>/api/sql</c>.</summary>
    public TimeSpan ProbeInterval { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>How often a paced run at half or a quarter of saturation takes a cut (each asks every runtime); zero takes none (<c>--cut-interval</c>).</summary>
    public TimeSpan CutInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest wait for the server to commit everything that was sent before batches count as lost.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(120);

    public IReadOnlyList<int> CoordinationProcessCounts { get; init; } = [1, 16, 64, 256];

    public IReadOnlyList<int> CoordinationEntityCounts { get; init; } = [80, 400];

    /// <summary>Cuts and snapshots taken per (process count, entity count) point.</summary>
    public int CoordinationRepeats { get; init; } = 5;

    /// <summary>Settings (<c>Key=Value</c>, e.g. <c>Peeps:Ingest:MaxGroupWeight=8192</c>) passed to every server the run starts.</summary>
    public IReadOnlyList<string> ServerSettings { get; init; } = [];

    /// <summary>Knobs to sweep: the throughput scenario once at the defaults, then once per listed value of each.</summary>
    public IReadOnlyList<SweepKnob> Sweeps { get; init; } = [];

    /// <summary>Connection count of a sweep's runs, unless <c>--connections</c> names others (as in docs/tuning.md).</summary>
    public IReadOnlyList<int> SweepConnectionCounts { get; init; } = [16];

    public int Seed { get; init; } = 42;

    public string? OutputPath { get; init; }

    public static BenchOptions Full => new();

    public static BenchOptions Quick => new()
    {
        IsQuick = true,
        StoreCorpusChanges = 120_000,
        ConnectionCounts = [1, 64, 256],
        Rounds = 2,
        RunUpstreamSchema = false,
        SaturationChanges = 200_000,
        PacedDuration = TimeSpan.FromSeconds(5),
        DrainTimeout = TimeSpan.FromSeconds(60),
        CoordinationProcessCounts = [1, 16],
        CoordinationEntityCounts = [80],
        CoordinationRepeats = 3,
    };
}
