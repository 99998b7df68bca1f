using Peeps.Simulator;

namespace Peeps.Cli.Tests.EndToEnd;

/// <summary>A runtime that never answers: the CLI must end with one clear line and a non-zero exit, not hang.</summary>
public sealed class SilentProcessCommandTests : IAsyncLifetime
{
    private PeepsServer _server = null!;
    private Simulation _simulation = null!;

    private string Url => _server.HttpBase.ToString().TrimEnd('/');

    public async Task InitializeAsync()
    {
        _server = await PeepsServer.StartAsync();
        _simulation = Simulation.Start(new SimulatorSettings
        {
            Port = _server.Ingest.Port,
            ProcessCount = 2,
            SilentProcesses = 1,
            NamePrefix = "quiet",
        });
        await _simulation.WaitForAllConnectedAsync().WaitAsync(TimeSpan.FromSeconds(15));
        await Eventually.Until(
            () => _server.CountAsync("select count(*) from connections where process_name like 'quiet-%' and disconnected_at_ns is null"),
            n => n == 2, TimeSpan.FromSeconds(15), "both runtimes identified");
    }

    public async Task DisposeAsync()
    {
        await _simulation.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Cut_with_a_silent_process_times_out_naming_its_connection()
    {
        var silentConnId = (await _server.SqlAsync("select conn_id from connections where process_name = 'quiet-1'")).Rows[0][0].GetInt64();

        var run = await CliRun.RunAsync("cut", "--poll-ms", "20", "--timeout-ms", "600", "--url", Url);

        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(run.PeepsLines);
        Assert.Contains("timed out", line);
        Assert.Contains($"conn_ids {silentConnId}", line);
        Assert.Matches(@"^cut:\d+: 1 acked, 1 pending$", run.ErrorLines[^2]);
        Assert.Empty(run.Output);
    }

    [Fact]
    public async Task Snapshot_lists_the_silent_process_as_timed_out_with_its_pid()
    {
        var silent = _simulation.Runtimes.Single(r => r.Behavior == ProcessBehavior.Silent);

        var run = await CliRun.RunAsync("snapshot", "--url", Url);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("1 process(es) replied", run.Output);
        Assert.Contains($"timed out: {silent.Name} (pid {silent.Pid})", run.Output);
    }

    [Fact]
    public async Task Snapshot_strict_exits_3_when_a_process_timed_out()
    {
        var silent = _simulation.Runtimes.Single(r => r.Behavior == ProcessBehavior.Silent);

        var run = await CliRun.RunAsync("snapshot", "--strict", "--url", Url);

        Assert.Equal(3, run.ExitCode);
        Assert.Contains($"timed out: {silent.Name} (pid {silent.Pid})", run.Output);
        Assert.Equal("peeps: snapshot incomplete: 1 process(es) timed out", Assert.Single(run.ErrorLines));
    }
}
