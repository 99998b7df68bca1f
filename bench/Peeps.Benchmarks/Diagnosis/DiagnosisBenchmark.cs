using System.Diagnostics;
using System.Globalization;
using System.Text;
using Peeps.Diagnosis;
using Peeps.Diagnosis.Analysis;
using Peeps.Diagnosis.Graph;
using Peeps.Diagnosis.Reading;
using Peeps.Diagnosis.Reports;
using Peeps.Diagnosis.Warnings;

namespace Peeps.Benchmarks.Diagnosis;

/// <summary>
/// Times the diagnosis of one large snapshot in this process, phase by phase (read the JSON, build the wait-for
/// graph, analyse), with the bytes each run allocates. The phases' sum is what <c>GET /api/snapshots/{id}/diagnosis</c>
/// spends besides reading the stored row.
/// </summary>
public static class DiagnosisBenchmark
{
    public const string Begin = "<!-- BEGIN GENERATED diagnosis by bench/Peeps.Benchmarks --diagnosis -->";
    public const string End = "<!-- END GENERATED diagnosis -->";
    private const double TargetMs = 300;

    /// <summary>Wall-clock milliseconds per phase, and the process's CPU time for the whole (on a shared machine the closer to an idle run).</summary>
    public sealed record Run(double ReadMs, double BuildMs, double CyclesMs, double ChainsMs, double WarningsMs, double CpuMs, long AllocatedBytes)
    {
        public double TotalMs => ReadMs + BuildMs + CyclesMs + ChainsMs + WarningsMs;
    }

    public static void RunAndReport(string output, int runs, Action<string> say)
    {
        var json = SyntheticSnapshot.Generate(processes: 64, entities: 100_000, edges: 200_000, seed: 12);
        say(Inv($"diagnosis: snapshot of {json.Length / 1048576.0:0.0} MiB; 1 warm-up run, then {runs}"));
        Measure(json, out _);
        var results = new List<Run>();
        DiagnosisReport? report = null;
        for (var i = 0; i < runs; i++)
        {
            results.Add(Measure(json, out report));
            var r = results[^1];
            say(Inv($"diagnosis run {i + 1}: {r.TotalMs:0} ms, {r.CpuMs:0} ms CPU (read {r.ReadMs:0}, graph {r.BuildMs:0}, cycles {r.CyclesMs:0}, chains {r.ChainsMs:0}, warnings {r.WarningsMs:0}), allocated {r.AllocatedBytes / 1048576.0:0} MiB"));
        }
        var section = Begin + "\n" + Render(json.Length, results, report!, Process.GetCurrentProcess().PeakWorkingSet64) + End;
        var existing = File.ReadAllText(output);
        var begin = existing.IndexOf(Begin, StringComparison.Ordinal);
        var end = existing.IndexOf(End, StringComparison.Ordinal);
        File.WriteAllText(output, begin >= 0 && end > begin
            ? existing[..begin] + section + existing[(end + End.Length)..]
            : existing.TrimEnd() + "\n\n" + section + "\n");
    }

    private static Run Measure(byte[] json, out DiagnosisReport report)
    {
        GC.Collect();
        var settings = new DiagnosisSettings();
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var document = SnapshotDocumentReader.Read(json);
        var read = clock.Elapsed.TotalMilliseconds;
        var graph = WaitGraphBuilder.Build(document);
        var built = clock.Elapsed.TotalMilliseconds;
        var (component, count) = StronglyConnectedComponents.Find(graph);
        var (_, deadlockOf) = DeadlockFinder.Find(graph, component, count, settings);
        var cycles = clock.Elapsed.TotalMilliseconds;
        WaitChainBuilder.Build(graph, component, count, deadlockOf, settings);
        var chains = clock.Elapsed.TotalMilliseconds;
        WarningFinder.Find(graph, settings);
        var warnings = clock.Elapsed.TotalMilliseconds;
        var cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;
        var run = new Run(read, built - read, cycles - built, chains - cycles, warnings - chains, cpuMs, GC.GetTotalAllocatedBytes(precise: true) - allocated);
        // The report for the summary line, outside the timed phases (it repeats them).
        report = Diagnoser.Diagnose(graph, settings);
        return run;
    }

    private static string Render(int bytes, List<Run> runs, DiagnosisReport report, long peakWorkingSet)
    {
        static double Median(IEnumerable<double> values)
        {
            var sorted = values.Order().ToList();
            return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
        }
        var total = Median(runs.Select(r => r.TotalMs));
        var s = report.Summary;
        var md = new StringBuilder();
        md.AppendLine(Inv($"### Diagnosis of a large snapshot ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC)"));
        md.AppendLine();
        md.AppendLine(Inv($"- Snapshot: {s.Processes} processes, {s.Entities:N0} entities, 200,000 edges ({s.WaitEdges:N0} of them wait edges after the spec's rules, {s.InferredEdges:N0} inferred), {bytes / 1048576.0:0.0} MiB of JSON; found {s.Deadlocks:N0} deadlocks, {s.WaitChains:N0} wait chains, {s.Warnings:N0} warnings."));
        md.AppendLine($"- Command: `dotnet run -c Release --project bench/Peeps.Benchmarks -- --diagnosis`; one process, after a warm-up run; the machine is shared, so read the ratio to the target, not the milliseconds across runs.");
        md.AppendLine();
        md.AppendLine("| phase | median ms | min | max |");
        md.AppendLine("|---|---:|---:|---:|");
        void Row(string name, Func<Run, double> pick) =>
            md.AppendLine(Inv($"| {name} | {Median(runs.Select(pick)):0} | {runs.Min(pick):0} | {runs.Max(pick):0} |"));
        Row("read the JSON", r => r.ReadMs);
        Row("build the wait-for graph", r => r.BuildMs);
        Row("strongly connected components, deadlocks", r => r.CyclesMs);
        Row("wait chains", r => r.ChainsMs);
        Row("warnings", r => r.WarningsMs);
        Row("**total**", r => r.TotalMs);
        Row("process CPU time over the total (all threads, GC included)", r => r.CpuMs);
        md.AppendLine();
        md.AppendLine(Inv($"Median total {total:0} ms = {total / TargetMs:0.00}x the 300 ms target ({(total <= TargetMs ? "met" : "missed")}). Each run allocates {Median(runs.Select(r => (double)r.AllocatedBytes)) / 1048576:0} MiB (median); the process's peak working set was {peakWorkingSet / 1048576} MiB including the {bytes / 1048576.0:0} MiB document."));
        md.AppendLine();
        return md.ToString();
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
