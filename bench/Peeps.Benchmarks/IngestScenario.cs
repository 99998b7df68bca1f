using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Peeps.Testing;

namespace Peeps.Benchmarks;

/// <summary>
/// Our end-to-end ingest: a fresh peeps-web process and database, C replayed runtimes over TCP, and a probe
/// reading committed cursors through the SQL API until everything sent is visible.
/// </summary>
public static class IngestScenario
{
    /// <summary>The client protocol's own limit: one batch of at most 2048 changes per 100 ms tick.</summary>
    public const double ClientMaxChangesPerSecond = 20_480;

    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(100);

    /// <summary>On a machine at a load average of 50 (other sessions' builds) 200k changes once took over 120 s.</summary>
    private static readonly TimeSpan WarmUpLimit = TimeSpan.FromSeconds(300);

    /// <param name="offeredPerSecond">Total paced rate, or null to send back to back (beyond saturation).</param>
    public static async Task<IngestResult> RunAsync(BenchOptions options, int connections, string load, double? offeredPerSecond, string workDirectory)
    {
        var corpus = offeredPerSecond is { } rate
            ? PacedCorpus(options, connections, rate)
            : Corpus.Generate(connections, Math.Min(20_000, options.SaturationShapingRate / connections), options.SaturationChanges, options.Seed);
        var offered = offeredPerSecond is null ? (double?)null : corpus.Changes / (corpus.Ticks * Tick.TotalSeconds);
        var runtimes = Enumerable.Range(0, connections)
            .Select(p => new ReplayRuntime($"bench-{p}", 41_000 + (uint)p, corpus.Batches.Where(b => b.Process == p)))
            .ToList();

        var databasePath = Path.Combine(workDirectory, $"ingest-{connections}-{load.Replace(' ', '-')}.sqlite");
        StoreFiles.Delete(databasePath);
        try
        {
            await using var server = await ServerProcess.StartAsync(databasePath, ["Logging:LogLevel:Default=Warning", .. options.ServerSettings]);
            await WarmUpAsync(server, options.Seed);
            foreach (var runtime in runtimes) await runtime.ConnectAsync(server.Ingest);
            await WaitForConnectionsAsync(server, connections);

            using var drain = new CancellationTokenSource();
            var sendersDone = false;
            var probe = new CursorProbe(server.Http, runtimes);
            var metricsBefore = await MetricsScrape.TakeAsync(server.Http);
            var cpuBefore = ThreadCpu.Read(server.Pid);
            var start = Stopwatch.GetTimestamp();
            var wal = WalWatch.Start(databasePath, drain.Token);
            var probing = probe.RunUntilAllConfirmedAsync(options.ProbeInterval, () => Volatile.Read(ref sendersDone), drain.Token);
            var cutting = Loads.TakesCuts(load) && options.CutInterval > TimeSpan.Zero
                ? new CutProbe(server.Http, runtimes).RunWhileAsync(options.CutInterval, () => !Volatile.Read(ref sendersDone))
                : null;
            await Task.WhenAll(runtimes.Select((r, j) => Task.Run(() =>
                r.SendAllAsync(start, offeredPerSecond is null ? null : Tick, Tick * j / connections))));
            Volatile.Write(ref sendersDone, true);
            drain.CancelAfter(options.DrainTimeout);
            var allCommittedAt = await probing;
            var cuts = cutting is null ? null : await cutting;
            var end = allCommittedAt ?? Stopwatch.GetTimestamp();
            var threads = ThreadCpu.Read(server.Pid).Since(cpuBefore);
            var peakWal = await wal.StopAsync();
            var metrics = (await MetricsScrape.TakeAsync(server.Http)).Since(metricsBefore);

            var committed = await CountCommittedAsync(server, "bench-");
            var result = new IngestResult(
                connections, load, offered,
                runtimes.Sum(r => r.ChangesSent), runtimes.Sum(r => r.Sent),
                committed.Batches, committed.Changes,
                Stopwatch.GetElapsedTime(start, end),
                Percentiles.Of(runtimes.SelectMany(r => r.LatenciesMs)),
                server.PeakResidentBytes(), server.ResidentBytes(),
                allCommittedAt is not null,
                threads)
            {
                PeakWalBytes = peakWal,
                Server = ServerFigures.From(metrics),
                Cuts = cuts,
            };
            foreach (var runtime in runtimes) await runtime.DisposeAsync();
            return result;
        }
        finally
        {
            StoreFiles.Delete(databasePath);
        }
    }

    /// <summary>
    /// A corpus whose ticks carry <paramref name="rate"/> changes/s in total. The simulator's rate is per process and
    /// RPCs also add changes to their callees, so with several processes the first try overshoots; one correction
    /// by the measured overshoot brings it close.
    /// </summary>
    private static Corpus PacedCorpus(BenchOptions options, int connections, double rate)
    {
        var ticks = (int)(options.PacedDuration / Tick);
        Corpus Generate(double total) =>
            Corpus.Generate(connections, Math.Min(ClientMaxChangesPerSecond, total / connections), long.MaxValue, options.Seed, maxTicks: ticks);
        var first = Generate(rate);
        var overshoot = first.Changes / (ticks * Tick.TotalSeconds) / rate;
        return overshoot > 1.05 ? Generate(rate / overshoot) : first;
    }

    /// <summary>
    /// A fresh process compiles its hot path during its first seconds, and tiered compilation promotes methods only
    /// after a quiet spell (and, with dynamic PGO, twice: instrumented, then optimized); a short run would measure
    /// the JIT. Sixteen throwaway runtimes send the same kind of traffic while the harness polls `/api/sql` for progress,
    /// and take part in three cuts once it is committed (the first cut after a start takes about half a second: the
    /// coordination journal's first write); then they disconnect and the server gets two seconds to finish promoting.
    /// </summary>
    private static async Task WarmUpAsync(ServerProcess server, int seed)
    {
        var corpus = Corpus.Generate(16, 5_000, 200_000, seed + 1);
        var runtimes = Enumerable.Range(0, corpus.Processes)
            .Select(p => new ReplayRuntime($"warmup-{p}", 40_000 + (uint)p, corpus.Batches.Where(b => b.Process == p)))
            .ToList();
        foreach (var runtime in runtimes) await runtime.ConnectAsync(server.Ingest);
        await Task.WhenAll(runtimes.Select(r => r.SendAllAsync(Stopwatch.GetTimestamp(), null, TimeSpan.Zero)));
        var clock = Stopwatch.StartNew();
        while ((await CountCommittedAsync(server, "warmup-")).Batches < corpus.Batches.Count)
        {
            if (clock.Elapsed > WarmUpLimit) throw new TimeoutException($"the warm-up traffic was not committed within {WarmUpLimit.TotalSeconds} s");
            await Task.Delay(10);
        }
        var cuts = new CutProbe(server.Http, runtimes);
        for (var i = 0; i < 3; i++)
            if (await cuts.TakeAsync() is not CutOutcome.Taken) throw new TimeoutException("a warm-up cut was refused or did not complete within 30 s");
        foreach (var runtime in runtimes) await runtime.DisposeAsync();
        await Task.Delay(TimeSpan.FromSeconds(2));
    }

    private static async Task WaitForConnectionsAsync(ServerProcess server, int connections)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var live = await server.Http.GetFromJsonAsync<JsonElement>("/api/connections");
            var identified = live.GetProperty("processes").EnumerateArray().Count(p => p.GetProperty("process_name").GetString()!.StartsWith("bench-"));
            if (identified == connections) return;
            if (clock.Elapsed > TimeSpan.FromSeconds(30))
                throw new TimeoutException($"only {identified} of {connections} runtimes identified after 30 s");
            await Task.Delay(20);
        }
    }

    private static async Task<(long Batches, long Changes)> CountCommittedAsync(ServerProcess server, string processPrefix)
    {
        using var response = await server.Http.PostAsJsonAsync("/api/sql", new
        {
            sql = "select count(*), coalesce(sum(d.change_count), 0) from delta_batches d join connections c on c.conn_id = d.conn_id "
                + $"where c.process_name like '{processPrefix}%'",
        });
        response.EnsureSuccessStatusCode();
        var row = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rows")[0];
        return (row[0].GetInt64(), row[1].GetInt64());
    }
}
