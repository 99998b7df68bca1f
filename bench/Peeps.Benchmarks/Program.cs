using System.Diagnostics;
using System.Globalization;
using Peeps.Benchmarks;
using Peeps.Testing;

// Usage: dotnet run -c Release --project bench/Peeps.Benchmarks -- [--quick] [--out docs/benchmarks.md] [--connections 1,64] [--rounds 3]
//            [--paced-seconds 30] [--saturated-rate 80000] [--no-coordination] [--cut-interval 1]
// --saturated-rate skips the rounds and paces at that rate, then at what that run committed, its half and its quarter.
// --cut-interval sets the seconds between the cuts the half and quarter runs take (0: none).
//            [--set Peeps:Section:Knob=value]... [--sweep Peeps:Section:Knob=value1,value2]... | --diagnosis | --retention [--changes N] | --graph-at
// --set passes --Key=value to every server the run starts. With --sweep, only the throughput scenario runs: once at the
// defaults (the baseline) and once per swept value, at 16 connections unless --connections says otherwise; the table
// goes to the console, and to --out only when it is given. --diagnosis times only the diagnosis of one large snapshot.
// --retention runs only the retention soak (with and without a size limit) and prints its figures.
// --graph-at only rebuilds of the graph at a past instant over a million changes of one process's history.
var options = args.Contains("--quick") ? BenchOptions.Quick : BenchOptions.Full;
var connectionsGiven = false;
for (var i = 0; i < args.Length - 1; i++)
{
    switch (args[i])
    {
        case "--out":
            options = options with { OutputPath = args[i + 1] };
            break;
        case "--rounds":
            options = options with { Rounds = int.Parse(args[i + 1], CultureInfo.InvariantCulture) };
            break;
        case "--connections":
            options = options with { ConnectionCounts = [.. args[i + 1].Split(',').Select(n => int.Parse(n, CultureInfo.InvariantCulture))] };
            connectionsGiven = true;
            break;
        case "--paced-seconds":
            options = options with { PacedDuration = TimeSpan.FromSeconds(double.Parse(args[i + 1], CultureInfo.InvariantCulture)) };
            break;
        case "--cut-interval":
            options = options with { CutInterval = TimeSpan.FromSeconds(double.Parse(args[i + 1], CultureInfo.InvariantCulture)) };
            break;
        case "--saturated-rate":
            options = options with { SaturatedRate = double.Parse(args[i + 1], CultureInfo.InvariantCulture) };
            break;
        case "--set":
            if (!args[i + 1].Contains('=')) throw new ArgumentException($"--set takes Key=value (got '{args[i + 1]}')");
            options = options with { ServerSettings = [.. options.ServerSettings, args[i + 1]] };
            break;
        case "--sweep":
            options = options with { Sweeps = [.. options.Sweeps, SweepKnob.Parse(args[i + 1])] };
            break;
    }
}
if (args.Contains("--graph-at"))
{
    Peeps.Benchmarks.History.GraphAtBenchmark.RunAndReport(
        options.OutputPath ?? Path.Combine(ServerProcess.RepositoryRoot(), "docs", "benchmarks.md"), Console.WriteLine);
    return;
}
if (args.Contains("--diagnosis"))
{
    Peeps.Benchmarks.Diagnosis.DiagnosisBenchmark.RunAndReport(
        options.OutputPath ?? Path.Combine(ServerProcess.RepositoryRoot(), "docs", "benchmarks.md"), runs: 5, Console.WriteLine);
    return;
}
if (args.Contains("--retention"))
{
    // The long retention soak (docs/reliability.md); --changes sets the corpus, 2 million by default.
    var changes = args.SkipWhile(a => a != "--changes").Skip(1).Select(a => long.Parse(a, CultureInfo.InvariantCulture)).FirstOrDefault(2_000_000);
    await RetentionScenario.RunAsync(changes, options.Seed, Console.WriteLine);
    return;
}
if (options.Sweeps.Count > 0)
{
    await Sweep.RunAsync(options, connectionsGiven ? options.ConnectionCounts : options.SweepConnectionCounts);
    return;
}
var output = options.OutputPath ?? Path.Combine(ServerProcess.RepositoryRoot(), "docs", "benchmarks.md");
var work = Path.Combine(Path.GetTempPath(), "peeps-bench", Guid.NewGuid().ToString("N"));
Directory.CreateDirectory(work);
var started = DateTimeOffset.UtcNow;
var clock = Stopwatch.StartNew();
void Say(string line) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{clock.Elapsed:mm\\:ss}] {line}"));

try
{
    var machine = MachineInfo.Describe();
    var loadAtStart = MachineInfo.LoadAverage();
    Say($"{(options.IsQuick ? "quick" : "full")} run on {machine}; load average {loadAtStart}");

    var corpus = Corpus.Generate(options.StoreCorpusStreams, options.StoreCorpusRatePerProcess, options.StoreCorpusChanges, options.Seed);
    Say(string.Create(CultureInfo.InvariantCulture, $"store corpus: {corpus.Changes:N0} changes, {corpus.Batches.Count:N0} batches; {corpus.Mix.Describe()}"));
    IReadOnlyList<HeadlineRound> rounds = options.SaturatedRate is not null ? [] : await HeadlineComparison.RunAsync(options, corpus, work, round => Say(string.Create(CultureInfo.InvariantCulture,
        $"round {round.Round}/{options.Rounds}, {round.Connections,3} conn: ceiling {round.Ceiling.ChangesPerSecond:N0}/s, ours {round.Ingest.CommittedPerSecond:N0}/s, "
        + $"upstream {round.Upstream.ChangesPerSecond:N0}/s{(round.UpstreamOnItsSchema is { } own ? $" (on its schema {own.ChangesPerSecond:N0}/s)" : "")}; "
        + $"ours/ceiling {round.OfCeiling:P0}, ours/upstream {round.OfUpstream:0.0}x; {Describe(round.Ingest)}")));
    var ingest = rounds.Select(r => r.Ingest).ToList();
    foreach (var connections in options.ConnectionCounts)
    {
        var unpaced = options.SaturatedRate
            ?? Spread.Of(rounds.Where(r => r.Connections == connections).Select(r => r.Ingest.CommittedPerSecond)).Median;
        var beyond = await IngestScenario.RunAsync(options, connections, Loads.PacedBeyond, unpaced, work);
        Report(beyond);
        // At the client's pace each stream sends one batch per tick, so the same rate comes in more, smaller batches than
        // back to back, and the server commits fewer changes a second: what the paced run committed is the saturation
        // the other points are paced at, or fractions of, as issue 17 defines them.
        var saturated = Math.Min(unpaced, beyond.CommittedPerSecond);
        Report(await IngestScenario.RunAsync(options, connections, Loads.At, saturated, work));
        Report(await IngestScenario.RunAsync(options, connections, Loads.Half, saturated / 2, work));
        Report(await IngestScenario.RunAsync(options, connections, Loads.Quarter, saturated / 4, work));
    }

    void Report(IngestResult r)
    {
        ingest.Add(r);
        Say(string.Create(CultureInfo.InvariantCulture, $"ingest {r.Connections,3} conn, {r.Load,-17}: {Describe(r)}"));
    }

    static string Describe(IngestResult r) => string.Create(CultureInfo.InvariantCulture,
        $"committed {r.CommittedPerSecond:N0}/s (offered {(r.OfferedPerSecond is { } o ? o.ToString("N0", CultureInfo.InvariantCulture) : "unbounded")}), "
        + $"lost {r.BatchesLost}{(r.Drained ? "" : " NOT DRAINED")}, p50 {r.LatencyMs?.P50:0} ms, p99 {r.LatencyMs?.P99:0} ms, max {r.LatencyMs?.Max:0} ms, peak RSS {r.PeakRssBytes / 1048576} MiB, peak WAL {r.PeakWalBytes / 1048576} MiB, "
        + $"server {r.ServerCores:0.00} cores: {string.Join(", ", r.ServerThreads.Take(4).Select(t => $"{t.Name} {t.RunSeconds:0.0}s (+{t.WaitSeconds:0.0}s waiting)"))}"
        + $", {r.CpuMsPerThousandChanges:0.00} ms CPU / 1k changes (writer {r.WriterCpuMsPerThousandChanges:0.00}); {r.Server?.Describe()}{DescribeCuts(r.Cuts)}");

    static string DescribeCuts(CutFigures? c) => c is null ? "" : string.Create(CultureInfo.InvariantCulture,
        $"; {c.CompletionMs?.Count ?? 0} cuts complete p50 {c.CompletionMs?.P50:0} ms p99 {c.CompletionMs?.P99:0} ms, past slowest ack p99 {c.PastSlowestAckMs?.P99:0} ms (server {c.PastSlowestAckServerMs?.P99:0} ms), {c.Refused} refused, {c.Unfinished} unfinished");

    var coordination = new List<CoordinationResult>();
    foreach (var entities in args.Contains("--no-coordination") ? [] : options.CoordinationEntityCounts)
    {
        foreach (var processes in options.CoordinationProcessCounts)
        {
            var c = await CoordinationScenario.RunAsync(options, processes, entities, work);
            coordination.Add(c);
            Say(string.Create(CultureInfo.InvariantCulture,
                $"coordination {processes,3} processes x {entities} entities ({c.EntitiesStored:N0} stored): cut p50 {c.CutMs?.P50:0.0} ms, snapshot p50 {c.SnapshotMs?.P50:0.0} ms {c.Problem}"));
        }
    }

    var results = new BenchResults(options, machine, started, clock.Elapsed, loadAtStart, MachineInfo.LoadAverage(), corpus, rounds, ingest, coordination);
    Console.WriteLine();
    foreach (var (target, measured, met) in MarkdownReport.Targets(results))
        Console.WriteLine($"{(met == "yes" ? "MET   " : met == "not measured" ? "N/A   " : "MISSED")} {target}: {measured}");
    // Paced runs alone (--saturated-rate) have no headline rounds to report: they are for the console.
    if (rounds.Count > 0)
    {
        MarkdownReport.WriteInto(output, results);
        Say($"results written to {output}");
    }
}
finally
{
    Directory.Delete(work, recursive: true);
}
