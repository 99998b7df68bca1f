using System.Diagnostics;

namespace Peeps.Cli.Tests.EndToEnd;

/// <summary><c>peeps sim</c> feeding the real server: what it sends must land, and Ctrl+C must end it cleanly with 130.</summary>
public sealed class SimCommandLiveTests : IAsyncLifetime
{
    private PeepsServer _server = null!;

    public async Task InitializeAsync() => _server = await PeepsServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Sim_connects_every_process_and_its_entities_land_then_Ctrl_C_exits_130_with_a_summary()
    {
        using var interrupt = new CancellationTokenSource();
        var running = CliRun.RunUntilAsync(new Dictionary<string, string>(), interrupt.Token,
            "sim", "--url-tcp", $"127.0.0.1:{_server.Ingest.Port}", "--processes", "2", "--name-prefix", "cli-sim", "--rate", "100");
        CliRun run;
        try
        {
            await Eventually.Until(
                () => _server.GetJsonAsync("/api/connections"),
                connections => connections.GetProperty("processes").EnumerateArray()
                    .Count(p => p.GetProperty("process_name").GetString()!.StartsWith("cli-sim-", StringComparison.Ordinal)) == 2,
                TimeSpan.FromSeconds(20), "both simulated processes in /api/connections");
            await Eventually.Until(
                () => _server.CountAsync("""
                    select count(distinct c.process_name) from entities e join connections c on c.conn_id = e.conn_id
                    where c.process_name in ('cli-sim-0', 'cli-sim-1')
                    """),
                n => n == 2, TimeSpan.FromSeconds(20), "entities from both simulated processes");
        }
        finally
        {
            // Awaited on every path: a failed wait must not leave the simulation running beside later tests.
            await interrupt.CancelAsync();
            run = await running.WaitAsync(TimeSpan.FromSeconds(30));
        }

        Assert.Equal(130, run.ExitCode);
        Assert.StartsWith("simulating 2 process(es)", run.Error);
        Assert.Empty(run.PeepsLines);
        var pids = (await _server.SqlAsync("select process_name, pid from connections order by process_name")).Rows
            .ToDictionary(r => r[0].GetString()!, r => r[1].GetInt64());
        foreach (var name in new[] { "cli-sim-0", "cli-sim-1" })
            Assert.Contains(pids[name].ToString(), Assert.Single(run.OutputLines, l => l.Contains(name)));
    }

    [Fact]
    public async Task Sim_with_only_scenarios_runs_just_the_stuck_runtimes_and_the_server_diagnoses_their_deadlock()
    {
        using var interrupt = new CancellationTokenSource();
        var running = CliRun.RunUntilAsync(new Dictionary<string, string>(), interrupt.Token,
            "sim", "--url-tcp", $"127.0.0.1:{_server.Ingest.Port}", "--processes", "0", "--scenario", "rpc-cycle", "--scenario", "stuck-io", "--name-prefix", "cli-stuck");
        CliRun run;
        try
        {
            var connections = await Eventually.Until(
                () => _server.GetJsonAsync("/api/connections"),
                // A connection is listed as unknown-<id> until its handshake arrives: wait for all three names.
                c => c.GetProperty("connected_processes").GetInt32() == 3
                     && c.GetProperty("processes").EnumerateArray().All(p => p.GetProperty("process_name").GetString()!.StartsWith("cli-stuck-", StringComparison.Ordinal)),
                TimeSpan.FromSeconds(20), "the three stuck processes in /api/connections");
            Assert.Equal(
                ["cli-stuck-rpc-cycle-a", "cli-stuck-rpc-cycle-b", "cli-stuck-stuck-io"],
                connections.GetProperty("processes").EnumerateArray().Select(p => p.GetProperty("process_name").GetString()));

            var report = await _server.PostJsonAsync("/api/diagnose", "{}");

            var deadlock = Assert.Single(report.GetProperty("deadlocks").EnumerateArray());
            Assert.True(deadlock.GetProperty("crosses_processes").GetBoolean());
            Assert.Equal("certain", deadlock.GetProperty("confidence").GetString());
        }
        finally
        {
            await interrupt.CancelAsync();
            run = await running.WaitAsync(TimeSpan.FromSeconds(30));
        }

        Assert.Equal(130, run.ExitCode);
        Assert.Contains("stuck runtimes: rpc-cycle, stuck-io", run.Error);
    }

    [Fact]
    public async Task Sigint_to_the_real_process_stops_the_simulation_and_exits_130()
    {
        var peeps = Path.Combine(AppContext.BaseDirectory, "peeps.dll");
        var start = new ProcessStartInfo(Environment.ProcessPath!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { peeps, "sim", "--url-tcp", $"127.0.0.1:{_server.Ingest.Port}", "--processes", "1", "--name-prefix", "sigint" })
            start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        try
        {
            await Eventually.Until(
                () => _server.CountAsync("select count(*) from connections where process_name = 'sigint-0' and disconnected_at_ns is null"),
                n => n == 1, TimeSpan.FromSeconds(30), "the simulated process connected");

            using (var kill = Process.Start("kill", ["-INT", process.Id.ToString()])) await kill.WaitForExitAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            if (!process.HasExited) process.Kill();
        }

        Assert.Equal(130, process.ExitCode);
        Assert.Contains("sigint-0", await output);
        Assert.DoesNotContain("   at ", await error);
        // The simulation closed its connection on the way out.
        await Eventually.Until(
            () => _server.CountAsync("select count(*) from connections where process_name = 'sigint-0' and disconnected_at_ns is null"),
            n => n == 0, TimeSpan.FromSeconds(15), "the connection closed");
    }
}
