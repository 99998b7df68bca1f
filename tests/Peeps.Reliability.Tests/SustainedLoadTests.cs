using System.Diagnostics;
using Peeps.Reliability.Tests.Support;
using Peeps.Simulator;
using Peeps.Testing;
using Xunit.Abstractions;

namespace Peeps.Reliability.Tests;

/// <summary>
/// 64 runtimes at full rate against the server in its own process: every change sent is committed. Set
/// <c>PEEPS_SOAK_SECONDS</c> (120 or more) for a soak, which also checks that the server's resident memory in the
/// second half of the run is not above the first half's; the 30 s in-suite run is still inside the GC's warm-up
/// (its RSS rises by about a quarter, while a 150 s soak falls from 503 to 413 MiB), so it only reports memory.
/// </summary>
[Trait("Category", "Slow")]
public sealed class SustainedLoadTests(ITestOutputHelper output)
{
    private const int Runtimes = 64;
    private const double ChangesPerSecondEach = 500;

    private static readonly TimeSpan MemoryCheckedFrom = TimeSpan.FromMinutes(2);

    private static TimeSpan Duration =>
        TimeSpan.FromSeconds(int.TryParse(Environment.GetEnvironmentVariable("PEEPS_SOAK_SECONDS"), out var seconds) && seconds > 0 ? seconds : 30);

    [Fact]
    public async Task Sixty_four_runtimes_at_full_rate_lose_no_change_and_a_soak_keeps_memory_flat()
    {
        // A 16 MiB page cache fills within seconds; at the default 256 MiB its filling would look like growth for minutes.
        await using var server = await ServerProcess.StartAsync(PeepsServer.NewDatabasePath(), "Logging:LogLevel:Default=Warning", "Peeps:Writer:CacheSizeKiB=16384");
        await using var sim = Simulation.Start(new SimulatorOptions
        {
            Port = server.IngestPort, ProcessCount = Runtimes, ChangesPerSecond = ChangesPerSecondEach, EntityCount = 150, NamePrefix = "load",
        });
        await sim.WaitForAllConnectedAsync().WaitAsync(TimeSpan.FromSeconds(30));

        var samples = new List<long>();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Duration)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            samples.Add(server.ResidentBytes());
        }
        var sentDuringRun = sim.TotalChangesSent;
        var elapsed = clock.Elapsed;
        await sim.StopAsync();

        (long Changes, long Batches) committed;
        try
        {
            committed = await Eventually.Until(() => CommittedAsync(server), c => c.Changes == sim.TotalChangesSent,
                TimeSpan.FromSeconds(60), $"all {sim.TotalChangesSent} sent changes committed");
        }
        finally
        {
            // The server's own account of any connection it closed or write that failed explains a shortfall.
            foreach (var line in server.Output.Split('\n').Where(l => l.Contains("closing") || l.Contains("fail", StringComparison.OrdinalIgnoreCase)).Take(40))
                output.WriteLine(line);
        }
        var cursors = await server.LatestCursorsAsync();
        Assert.All(sim.Runtimes, r => Assert.Equal(r.Cursor, cursors.GetValueOrDefault(r.Name)));
        Assert.Equal(Runtimes, sim.Runtimes.Count(r => r.Connections == 1));

        // The first quarter is warm-up (JIT, SQLite page cache filling); flat means the later half does not outgrow the earlier.
        var settled = samples.Skip(samples.Count / 4).ToList();
        var firstHalf = settled.Take(settled.Count / 2).Average();
        var secondHalf = settled.Skip(settled.Count / 2).Average();
        output.WriteLine(
            $"{Runtimes} runtimes for {elapsed.TotalSeconds:F0} s: {sim.TotalChangesSent} changes sent ({sentDuringRun / elapsed.TotalSeconds:F0}/s), " +
            $"{committed.Changes} committed in {committed.Batches} batches; RSS MiB: peak {samples.Max() / 1048576.0:F0}, " +
            $"settled first half {firstHalf / 1048576.0:F0}, second half {secondHalf / 1048576.0:F0}");
        if (Duration < MemoryCheckedFrom) return;
        Assert.True(secondHalf <= firstHalf * 1.15,
            $"resident memory grew: {firstHalf / 1048576.0:F0} MiB -> {secondHalf / 1048576.0:F0} MiB");
    }

    private static async Task<(long Changes, long Batches)> CommittedAsync(ServerProcess server)
    {
        var row = (await server.SqlAsync("SELECT coalesce(sum(change_count), 0), count(*) FROM delta_batches")).Rows[0];
        return (row[0].GetInt64(), row[1].GetInt64());
    }
}
