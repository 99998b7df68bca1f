using System.Diagnostics;
using System.Globalization;
using System.Text;
using Peeps.Storage;
using Peeps.Storage.History;
using Peeps.Storage.Writing;

namespace Peeps.Benchmarks.History;

/// <summary>
/// Rebuilding one process with a million changes of history at arbitrary instants: the history is written through
/// the real writer (checkpoints at their defaults) into a real file, then the graph at random instants is rebuilt and
/// written as the document <c>GET /api/graph?at=</c> answers. The same history written with checkpoints off but for
/// the first shows what they cost the writer and what a rebuild without them costs.
/// </summary>
public static class GraphAtBenchmark
{
    public const string Begin = "<!-- BEGIN GENERATED graph-at by bench/Peeps.Benchmarks --graph-at -->";
    public const string End = "<!-- END GENERATED graph-at -->";
    private const int Changes = 1_000_000, PerBatch = 2_000, EntityPool = 20_000, Instants = 15;
    private const long BatchSpacingNs = 100_000_000, StartNs = 1_700_000_000_000_000_000;
    private const double TargetMs = 1_000;

    private sealed record Written(string Path, double WriteMs, long Checkpoints);

    private sealed record Rebuild(double Ms, double CpuMs, int ReplayedBatches, long ReplayedChanges, long Rows, int Bytes);

    public static void RunAndReport(string output, Action<string> say)
    {
        var work = Directory.CreateTempSubdirectory("peeps-graph-at-").FullName;
        try
        {
            var batches = HistoryCorpus.Generate("proc:1", Changes, PerBatch, EntityPool, seed: 5).ToList();
            say(Inv($"graph-at: {batches.Count} batches of {PerBatch} changes"));
            var withCheckpoints = Write(Path.Combine(work, "checkpoints.sqlite"), batches, new CheckpointSettings());
            say(Inv($"graph-at: written with checkpoints in {withCheckpoints.WriteMs:0} ms ({withCheckpoints.Checkpoints} checkpoints)"));
            var without = Write(Path.Combine(work, "first-only.sqlite"), batches,
                new CheckpointSettings { EveryBatches = 1_000_000, EveryChanges = 100_000_000 });
            say(Inv($"graph-at: written with only the first checkpoint in {without.WriteMs:0} ms"));

            var random = new Random(9);
            var instants = Enumerable.Range(0, Instants).Select(_ => StartNs + (long)(random.NextDouble() * batches.Count * BatchSpacingNs)).ToList();
            Measure(withCheckpoints.Path, instants[0]); // warm-up
            var rebuilds = instants.Select(at => Measure(withCheckpoints.Path, at)).ToList();
            foreach (var r in rebuilds)
                say(Inv($"graph-at: rebuild {r.Ms:0} ms ({r.CpuMs:0} ms CPU), {r.ReplayedBatches} batches / {r.ReplayedChanges} changes replayed, {r.Rows} rows, {r.Bytes / 1048576.0:0.0} MiB"));
            var lastInstant = StartNs + batches.Count * BatchSpacingNs;
            var fromScratch = Measure(without.Path, lastInstant);
            say(Inv($"graph-at: from the first batch at the end: {fromScratch.Ms:0} ms"));

            var section = Begin + "\n" + Render(withCheckpoints, without, rebuilds, fromScratch) + End;
            var existing = File.ReadAllText(output);
            var begin = existing.IndexOf(Begin, StringComparison.Ordinal);
            var end = existing.IndexOf(End, StringComparison.Ordinal);
            File.WriteAllText(output, begin >= 0 && end > begin
                ? existing[..begin] + section + existing[(end + End.Length)..]
                : existing.TrimEnd() + "\n\n" + section + "\n");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(work, recursive: true);
        }
    }

    private static Written Write(string path, IReadOnlyList<Peeps.Wire.Messages.DeltaBatch> batches, CheckpointSettings checkpoints)
    {
        var clock = Stopwatch.StartNew();
        using (var writer = new SqliteStoreWriter(new StorageSettings { DatabasePath = path },
                   new WriterSettings { BackgroundCheckpointInterval = TimeSpan.Zero, Checkpoints = checkpoints }))
        {
            writer.Write([new ConnectionOpened(1, StartNs - 1), new ConnectionIdentified(1, "bench", 1)]);
            // Groups of 8 batches, as the writer commits them under load.
            for (var i = 0; i < batches.Count; i += 8)
                writer.Write([.. batches.Skip(i).Take(8).Select((b, j) => (WriteCommand)new DeltaBatchReceived(1, b, StartNs + (i + j) * BatchSpacingNs))]);
        }
        var ms = clock.Elapsed.TotalMilliseconds;
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var count = connection.CreateCommand();
        count.CommandText = "SELECT count(*) FROM stream_checkpoints";
        return new Written(path, ms, (long)count.ExecuteScalar()!);
    }

    private static Rebuild Measure(string path, long atNs)
    {
        GC.Collect();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var graph = new GraphAtReader(new StorageSettings { DatabasePath = path }, new CheckpointSettings()).Read(atNs, null, Deadline.None);
        var json = GraphAtDocument.Write(graph, long.MaxValue);
        var ms = clock.Elapsed.TotalMilliseconds;
        var cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;
        var stream = graph.Processes.Single().Streams.Single();
        return new Rebuild(ms, cpuMs, stream.ReplayedBatches, stream.ReplayedChanges, stream.State.Rows, json.Length);
    }

    private static string Render(Written with, Written without, List<Rebuild> rebuilds, Rebuild fromScratch)
    {
        static double Median(IEnumerable<double> values)
        {
            var sorted = values.Order().ToList();
            return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
        }
        var median = Median(rebuilds.Select(r => r.Ms));
        var worst = rebuilds.Max(r => r.Ms);
        var md = new StringBuilder();
        md.AppendLine(Inv($"### The graph at a past instant: one process, {Changes:N0} changes of history ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC)"));
        md.AppendLine();
        md.AppendLine(Inv($"- History: {Changes / PerBatch} batches of {PerBatch:N0} changes (45 % entity upserts, 10 % removals over a pool of {EntityPool:N0} ids, 25 % edge upserts, 5 % edge removals, 15 % events), written through the real writer in groups of 8; checkpoints at their defaults ({with.Checkpoints} written). Each rebuild reads the newest checkpoint at or before a random instant, replays the batches after it and writes the whole document `GET /api/graph?at=` answers."));
        md.AppendLine("- Command: `dotnet run -c Release --project bench/Peeps.Benchmarks -- --graph-at`; one process, after a warm-up rebuild; the machine is shared, so read the ratios.");
        md.AppendLine();
        md.AppendLine("| measure | value |");
        md.AppendLine("|---|---:|");
        md.AppendLine(Inv($"| rebuild at {rebuilds.Count} random instants, median | {median:0} ms |"));
        md.AppendLine(Inv($"| slowest of them | {worst:0} ms |"));
        md.AppendLine(Inv($"| process CPU time per rebuild, median / most (all threads, GC included) | {Median(rebuilds.Select(r => r.CpuMs)):0} ms / {rebuilds.Max(r => r.CpuMs):0} ms |"));
        md.AppendLine(Inv($"| batches / changes replayed after the checkpoint, most | {rebuilds.Max(r => r.ReplayedBatches)} / {rebuilds.Max(r => r.ReplayedChanges):N0} |"));
        md.AppendLine(Inv($"| rows in the rebuilt state, median (document size) | {Median(rebuilds.Select(r => (double)r.Rows)):N0} ({Median(rebuilds.Select(r => (double)r.Bytes)) / 1048576.0:0.0} MiB) |"));
        md.AppendLine(Inv($"| rebuild at the end replaying from the first batch (checkpoints off) | {fromScratch.Ms:0} ms, {fromScratch.CpuMs:0} ms CPU ({fromScratch.ReplayedChanges:N0} changes) |"));
        md.AppendLine(Inv($"| writing the history, checkpoints on / off | {with.WriteMs:0} ms / {without.WriteMs:0} ms ({with.WriteMs / without.WriteMs:0.00}x) |"));
        md.AppendLine();
        var cpuWorst = rebuilds.Max(r => r.CpuMs);
        md.AppendLine(Inv($"Slowest rebuild {worst:0} ms wall = {worst / TargetMs:0.00}x the one-second target ({(worst <= TargetMs ? "met" : "missed")}), {cpuWorst / TargetMs:0.00}x in CPU time ({(cpuWorst <= TargetMs ? "met" : "missed")}); median {median / TargetMs:0.00}x. Load average when written: {MachineInfo.LoadAverage()}. Without checkpoints the last instant costs {fromScratch.Ms / median:0.0}x a checkpointed rebuild, and grows with the history."));
        md.AppendLine();
        return md.ToString();
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
