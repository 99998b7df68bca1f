using System.Diagnostics;
using System.Globalization;

namespace Peeps.Benchmarks;

/// <summary>The <c>--sweep</c> mode of the harness: sweeps at each connection count, the tables on the console (and in <c>--out</c>).</summary>
public static class Sweep
{
    public static async Task RunAsync(BenchOptions options, IReadOnlyList<int> connectionCounts)
    {
        var work = Path.Combine(Path.GetTempPath(), "peeps-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        var clock = Stopwatch.StartNew();
        void Say(string line) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{clock.Elapsed:mm\\:ss}] {line}"));
        try
        {
            var machine = MachineInfo.Describe().ToString();
            var loadAtStart = MachineInfo.LoadAverage();
            Say($"{(options.IsQuick ? "quick" : "full")} sweep on {machine}; load average {loadAtStart}");
            var tables = new List<string>();
            foreach (var connections in connectionCounts)
            {
                var rows = await SweepScenario.RunAsync(options, connections, work, row => Say(string.Create(CultureInfo.InvariantCulture,
                    $"{connections,3} conn, {row.Setting ?? "baseline (defaults)"}: committed {row.Result.CommittedPerSecond:N0}/s, p99 {row.Result.LatencyMs?.P99:0} ms, "
                    + $"CPU {row.Result.CpuMsPerThousandChanges:0.00} ms/1k, lost {row.Result.BatchesLost}{(row.Result.Drained ? "" : " NOT DRAINED")}")));
                tables.Add(SweepReport.Render(options, connections, rows, machine, loadAtStart, MachineInfo.LoadAverage()));
            }
            var report = string.Join(Environment.NewLine, tables);
            Console.WriteLine();
            Console.WriteLine(report);
            if (options.OutputPath is { } output)
            {
                File.WriteAllText(output, report);
                Say($"sweep written to {output}");
            }
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
