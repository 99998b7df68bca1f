using Peeps.Reliability.Tests.Support;
using Peeps.Simulator;
using Xunit.Abstractions;

namespace Peeps.Reliability.Tests;

/// <summary>
/// The server process is SIGKILLed in the middle of heavy ingest and started again on the same file:
/// what it had committed is there and whole, ids continue, and the runtimes (which reconnect on their own) resume.
/// Once at a random moment of heavy ingest, once inside a commit.
/// </summary>
[Trait("Category", "Slow")]
public sealed class CrashRecoveryTests(ITestOutputHelper output)
{
    private const int Runtimes = 8;

    /// <summary>A start on the shared two cores, with other builds running, has taken more than 30 s.</summary>
    private static readonly TimeSpan StartWithin = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_server_killed_mid_ingest_restarts_on_a_whole_database_and_the_runtimes_resume()
    {
        using var folder = new DatabaseFolder();
        var dbPath = folder.DbPath;
        var ingestPort = FreePort.Next();
        var httpPort = FreePort.Next();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var first = ServerProcess.Launch(dbPath, httpPort, ingestPort);
        await first.WaitHealthyAsync(StartWithin);
        await using var sim = Simulation.Start(new SimulatorSettings
        {
            Port = ingestPort, ProcessCount = Runtimes, ChangesPerSecond = 1000, EntityCount = 100, NamePrefix = "crash",
        });
        await sim.WaitForAllConnectedAsync().WaitAsync(TimeSpan.FromSeconds(20));

        await Eventually.Until(() => BatchCount(first), n => n >= 100, TimeSpan.FromSeconds(30), "heavy ingest under way");
        await Task.Delay(TimeSpan.FromSeconds(1));
        var committedBeforeKill = await BatchCount(first);
        var lastIdBeforeKill = (await first.LiveConnIdsAsync()).Max();
        var sentBeforeKill = sim.TotalChangesSent;
        output.WriteLine($"{clock.Elapsed}: killing");
        await first.KillAsync();
        output.WriteLine($"{clock.Elapsed}: killed");
        await first.DisposeAsync();

        await using var second = ServerProcess.Launch(dbPath, httpPort, ingestPort);
        await second.WaitHealthyAsync(StartWithin);
        output.WriteLine($"{clock.Elapsed}: restarted");
        using (var store = new StoreFile(dbPath))
        {
            Assert.Equal("ok", store.Text("PRAGMA integrity_check"));
            var whole = BatchWholeness.Check(store);
            output.WriteLine($"after kill: {whole}; batches seen committed before the kill {committedBeforeKill}; changes sent {sentBeforeKill}");
            Assert.True(whole.Whole, whole.ToString());
            Assert.True(whole.Events > 0, "the workload carried no events, so event wholeness proved nothing");
            Assert.True(store.Scalar($"SELECT count(*) FROM delta_batches WHERE conn_id <= {lastIdBeforeKill}") >= committedBeforeKill);
        }

        IReadOnlyList<long> resumed;
        try
        {
            resumed = await Eventually.Until(second.LiveConnIdsAsync, ids => ids.Count == Runtimes, TimeSpan.FromSeconds(30), "every runtime reconnected");
        }
        catch (TimeoutException)
        {
            output.WriteLine($"live conn ids: {string.Join(", ", await second.LiveConnIdsAsync())}; runtimes connected: "
                + string.Join(", ", sim.Runtimes.Select(r => $"{r.Name}={r.IsConnected}/{r.Connections}")));
            output.WriteLine(second.Output);
            throw;
        }
        Assert.All(resumed, id => Assert.True(id > lastIdBeforeKill, $"conn id {id} reused after the restart (last before: {lastIdBeforeKill})"));
        await Eventually.Until(() => second.CountAsync($"SELECT count(DISTINCT conn_id) FROM delta_batches WHERE conn_id > {lastIdBeforeKill}"),
            n => n == Runtimes, TimeSpan.FromSeconds(30), "every reconnected runtime committing again");

        output.WriteLine($"{clock.Elapsed}: all committing again");
        await sim.StopAsync();
        var committedCursors = await Eventually.Until(second.LatestCursorsAsync, c => sim.Runtimes.All(r => c.GetValueOrDefault(r.Name) == r.Cursor),
            TimeSpan.FromSeconds(30), "every runtime's last sent cursor committed");
        output.WriteLine($"after restart: {Runtimes} runtimes resumed on conn ids {resumed.Min()}..{resumed.Max()} (last before kill {lastIdBeforeKill}); final cursors committed: {committedCursors.Values.Sum(v => (decimal)v)} changes");
        output.WriteLine($"{clock.Elapsed}: final cursors committed");
        using (var store = new StoreFile(dbPath))
            Assert.True(BatchWholeness.Check(store).Whole);
        await second.DisposeAsync();
        output.WriteLine($"{clock.Elapsed}: restarted server stopped");
    }

    /// <summary>
    /// The kill lands at a chosen point: the writer has applied a whole group inside its open transaction and is
    /// held just before COMMIT by the test-only <c>PEEPS_TEST_PAUSE_INSIDE_COMMIT</c> hook. Nothing of that group may
    /// be in the file after the restart, and every batch that is must be whole.
    /// </summary>
    [Fact]
    public async Task A_server_killed_inside_a_commit_restarts_with_none_of_that_group_and_every_stored_batch_whole()
    {
        using var folder = new DatabaseFolder();
        var dbPath = folder.DbPath;
        var hook = Directory.CreateDirectory(Path.Combine(Path.GetDirectoryName(dbPath)!, "commit-pause")).FullName;
        var ingestPort = FreePort.Next();
        var httpPort = FreePort.Next();
        var first = ServerProcess.Launch(dbPath, httpPort, ingestPort, new Dictionary<string, string> { ["PEEPS_TEST_PAUSE_INSIDE_COMMIT"] = hook });
        await first.WaitHealthyAsync(StartWithin);
        await using var sim = Simulation.Start(new SimulatorSettings
        {
            Port = ingestPort, ProcessCount = Runtimes, ChangesPerSecond = 1000, EntityCount = 100, NamePrefix = "commit-kill",
        });
        await sim.WaitForAllConnectedAsync().WaitAsync(TimeSpan.FromSeconds(20));
        await Eventually.Until(() => BatchCount(first), n => n >= 100, TimeSpan.FromSeconds(30), "heavy ingest under way");

        await File.WriteAllTextAsync(Path.Combine(hook, "arm"), "");
        var paused = Path.Combine(hook, "paused");
        await Eventually.Until(() => Task.FromResult(File.Exists(paused)), exists => exists, TimeSpan.FromSeconds(30), "the writer paused inside a commit");
        var held = (await File.ReadAllLinesAsync(paused)).Select(l => l.Split('\t')).ToList();
        Assert.NotEmpty(held);
        var heldBatches = string.Join(" OR ", held.Select(b => $"(conn_id = {b[0]} AND stream_id = '{b[1]}' AND from_seq_no = {b[2]} AND next_seq_no = {b[3]})"));
        // Readers see the file as of the last commit: the held group is applied only inside the writer's transaction.
        Assert.Equal(0, await first.CountAsync($"SELECT count(*) FROM delta_batches WHERE {heldBatches}"));
        var committedBeforeKill = await BatchCount(first);
        output.WriteLine($"paused inside the commit of {held.Count} batches; {committedBeforeKill} batches committed; killing");
        await first.KillAsync();
        await first.DisposeAsync();

        await using var second = ServerProcess.Launch(dbPath, httpPort, ingestPort);
        await second.WaitHealthyAsync(StartWithin);
        await sim.StopAsync();
        await second.DisposeAsync();
        using var store = new StoreFile(dbPath);
        Assert.Equal("ok", store.Text("PRAGMA integrity_check"));
        Assert.Equal(0, store.Scalar($"SELECT count(*) FROM delta_batches WHERE {heldBatches}"));
        Assert.True(store.Scalar("SELECT count(*) FROM delta_batches") >= committedBeforeKill);
        var whole = BatchWholeness.Check(store);
        output.WriteLine($"after the kill inside a commit and a restart: {whole}");
        Assert.True(whole.Whole, whole.ToString());
    }

    private static Task<long> BatchCount(ServerProcess server) => server.CountAsync("SELECT count(*) FROM delta_batches");
}
