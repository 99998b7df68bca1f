using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Peeps.Testing;

namespace Peeps.Benchmarks;

/// <summary>
/// The long retention soak: one corpus sent back to back by 16 runtimes into a server with retention off, then
/// into a fresh server whose <c>Peeps:Retention:MaxBytes</c> lets it hold its state and a fifth of the first run's
/// history, so the limit is passed about five times over. Reports both committed rates and, for the second run, the database
/// file's size sampled every second: its peak against the limit is the plateau margin (docs/reliability.md).
/// </summary>
public static class RetentionScenario
{
    private const int Connections = 16;

    public static async Task RunAsync(long changes, int seed, Action<string> say)
    {
        var work = Path.Combine(Path.GetTempPath(), "peeps-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(work);
        try
        {
            var corpus = Corpus.Generate(Connections, 15_000, changes, seed);
            say(string.Create(CultureInfo.InvariantCulture, $"retention soak corpus: {corpus.Changes:N0} changes, {corpus.Batches.Count:N0} batches, {corpus.PayloadBytes / 1048576.0:N0} MiB of payload"));
            var off = await RunOnceAsync(corpus, work, "off", ["Peeps:Retention:MaxAge=00:00:00", "Peeps:Retention:MaxBytes=0"]);
            say(off.Describe());
            // State (entities, edges, ...) is never removed for a live connection, so the limit sits above it: the
            // file less its history, plus a fifth of the history.
            var limit = Math.Max(1024L * 1024, off.FinalFileBytes - off.HistoryBytes + off.HistoryBytes / 5);
            var on = await RunOnceAsync(corpus, work, "on", [
                "Peeps:Retention:MaxAge=00:00:00", $"Peeps:Retention:MaxBytes={limit}", "Peeps:Retention:Interval=00:00:01",
            ]);
            say(on.Describe());
            say(string.Create(CultureInfo.InvariantCulture,
                $"limit {limit / 1048576.0:N1} MiB: peak file {on.PeakFileBytes / (double)limit:0.00}x the limit, final {on.FinalFileBytes / (double)limit:0.00}x; "
                + $"committed rate with retention / without {on.ChangesPerSecond / off.ChangesPerSecond:0.00}; "
                + $"rows removed {on.Removed}"));
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <param name="HistoryBytes">Bytes of the payloads and event documents stored (the history retention can remove).</param>
    private sealed record Run(string Name, double ChangesPerSecond, long PeakFileBytes, long FinalFileBytes, long PeakWalBytes, string Removed, bool Drained,
        long HistoryBytes, long? UsedBytes)
    {
        public string Describe() => string.Create(CultureInfo.InvariantCulture,
            $"retention {Name}: {ChangesPerSecond:N0} changes/s committed{(Drained ? "" : " NOT DRAINED")}, database file peak {PeakFileBytes / 1048576.0:N1} MiB, "
            + $"final {FinalFileBytes / 1048576.0:N1} MiB, WAL peak {PeakWalBytes / 1048576.0:N1} MiB, history held {HistoryBytes / 1048576.0:N1} MiB, "
            + $"pages in use {(UsedBytes is { } used ? (used / 1048576.0).ToString("N1", CultureInfo.InvariantCulture) + " MiB" : "not measured")}");
    }

    private static async Task<Run> RunOnceAsync(Corpus corpus, string work, string name, IReadOnlyList<string> settings)
    {
        var databasePath = Path.Combine(work, $"retention-{name}.sqlite");
        StoreFiles.Delete(databasePath);
        await using var server = await ServerProcess.StartAsync(databasePath, ["Logging:LogLevel:Default=Warning", .. settings]);
        var runtimes = Enumerable.Range(0, Connections)
            .Select(p => new ReplayRuntime($"soak-{p}", 42_000 + (uint)p, corpus.Batches.Where(b => b.Process == p)))
            .ToList();
        foreach (var runtime in runtimes) await runtime.ConnectAsync(server.Ingest);
        long peakFile = 0, peakWal = 0;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peakFile = Math.Max(peakFile, FileBytes(databasePath));
                peakWal = Math.Max(peakWal, FileBytes(databasePath + "-wal"));
                try { await Task.Delay(TimeSpan.FromSeconds(1), sampling.Token); } catch (OperationCanceledException) { }
            }
        });

        var sendersDone = false;
        using var drain = new CancellationTokenSource();
        var probe = new CursorProbe(server.Http, runtimes);
        var start = Stopwatch.GetTimestamp();
        var probing = probe.RunUntilAllConfirmedAsync(TimeSpan.FromMilliseconds(50), () => Volatile.Read(ref sendersDone), drain.Token);
        await Task.WhenAll(runtimes.Select(r => Task.Run(() => r.SendAllAsync(start, null, TimeSpan.Zero))));
        Volatile.Write(ref sendersDone, true);
        drain.CancelAfter(TimeSpan.FromMinutes(5));
        var confirmedAt = await probing;
        var elapsed = Stopwatch.GetElapsedTime(start, confirmedAt ?? Stopwatch.GetTimestamp());
        // Two more passes after the load, so the final size is what retention settles at.
        await Task.Delay(TimeSpan.FromSeconds(3));
        await sampling.CancelAsync();
        await sampler;
        var storage = (await server.Http.GetFromJsonAsync<JsonElement>("/api/streams")).GetProperty("storage");
        using var history = await server.Http.PostAsJsonAsync("/api/sql", new
        {
            sql = "select (select coalesce(sum(length(payload_json)), 0) from delta_batches) + (select coalesce(sum(length(event_json)), 0) from events)",
        });
        var historyBytes = (await history.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rows")[0][0].GetInt64();
        var used = storage.GetProperty("used_bytes");
        foreach (var runtime in runtimes) await runtime.DisposeAsync();
        return new Run(name, runtimes.Sum(r => r.ChangesSent) / elapsed.TotalSeconds, Math.Max(peakFile, FileBytes(databasePath)),
            FileBytes(databasePath), peakWal, storage.GetProperty("retention_removed").ToString(), confirmedAt is not null,
            historyBytes, used.ValueKind == JsonValueKind.Number ? used.GetInt64() : null);
    }

    private static long FileBytes(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;
}
