using System.Text.Json;
using static Peeps.Testing.RpcDeadlockGraphs;

namespace Peeps.Cli.Tests.EndToEnd;

/// <summary>
/// <c>peeps why</c> against the real server, fed over TCP by two runtimes stuck in one cycle through an RPC and its
/// callback (<see cref="RpcDeadlockGraphs"/>): what an engineer reads in a terminal, and the exit code CI fails on.
/// </summary>
public sealed class WhyCommandTests(WhyCommandTests.StuckPair pair) : IClassFixture<WhyCommandTests.StuckPair>
{
    public sealed class StuckPair : IAsyncLifetime
    {
        public PeepsServer Server { get; private set; } = null!;
        public string Url => Server.HttpBase.ToString().TrimEnd('/');
        public string A { get; private set; } = "";
        public string B { get; private set; } = "";
        private ScriptedRuntime _a = null!;
        private ScriptedRuntime _b = null!;

        public async Task InitializeAsync()
        {
            Server = await PeepsServer.StartAsync();
            // One after the other, so A has the lower conn id and comes first wherever answers sort by process.
            _a = await ScriptedRuntime.StartAsync(Server.Ingest, RpcDeadlockGraphs.A, 5101, ProcessA);
            A = $"{RpcDeadlockGraphs.A}#{await _a.ConnIdAsync(Server)}";
            _b = await ScriptedRuntime.StartAsync(Server.Ingest, RpcDeadlockGraphs.B, 5102, ProcessB);
            B = $"{RpcDeadlockGraphs.B}#{await _b.ConnIdAsync(Server)}";
        }

        public async Task DisposeAsync()
        {
            await _a.DisposeAsync();
            await _b.DisposeAsync();
            await Server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Why_walks_the_deadlock_round_its_cycle_marking_both_process_hops_and_exits_3()
    {
        var run = await CliRun.RunAsync("why", "--timeout-ms", "3000", "--url", pair.Url);

        Assert.True(run.ExitCode == ExitCodes.DeadlockFound, $"exit {run.ExitCode}: {run.Error}");
        var lines = run.OutputLines.ToList();
        var header = lines.IndexOf($"DEADLOCK 1: certain, across 2 processes ({pair.A}, {pair.B}), 8 members, stuck for at least 59.0 s");
        Assert.True(header >= 0, run.Output);
        Assert.Equal(
            [
                $"  {pair.A} future \"caller\" {Caller} (waiting)",
                $"  needs 59.0 s -> {pair.A} request \"b.get\" {CallerRequest} (waiting)",
                $"  rpc* 59.0 s => PROCESS HOP => {pair.B} response \"b.get\" {GetResponse} (pending, waiting)",
                $"  works_on* 59.0 s -> {pair.B} future \"b.get.handler\" {GetHandler} (waiting)",
                $"  needs 59.0 s -> {pair.B} request \"a.callback\" {CallbackRequest} (waiting)",
                $"  rpc* 59.0 s => PROCESS HOP => {pair.A} response \"a.callback\" {CallbackResponse} (pending, waiting)",
                $"  works_on* 59.0 s -> {pair.A} future \"a.callback.handler\" {CallbackHandler} (waiting)",
                $"  needs 59.0 s -> {pair.A} lock \"state\" {StateLock} (waiting)",
                $"  needs 59.0 s -> back to {pair.A} future \"caller\" {Caller} (waiting)",
            ],
            lines.Skip(header + 1).Take(9));
        var error = Assert.Single(run.ErrorLines);
        Assert.Matches(@"^peeps: 1 deadlock\(s\) found \(1 certain\) in snapshot \d+$", error);
    }

    [Fact]
    public async Task Why_prints_the_wait_chains_as_trees_one_into_the_deadlock_one_to_its_root_blocker()
    {
        var run = await CliRun.RunAsync("why", "--url", pair.Url);

        var lines = run.OutputLines.ToList();
        var first = lines.IndexOf("WAIT CHAIN 1 of 2: blocked 59.0 s, depth 1, 0 process hops, ends in deadlock 1");
        Assert.True(first >= 0, run.Output);
        Assert.Equal(
            [
                $"  {pair.A} future \"poller\" {Poller} (waiting)",
                $"  └─ needs 59.0 s -> {pair.A} lock \"state\" {StateLock} (waiting)  <- in DEADLOCK 1",
                "WAIT CHAIN 2 of 2: blocked 59.0 s, depth 1, 0 process hops, ends at resource_without_holder",
                $"  {pair.B} future \"inbox.recv\" {Reader} (waiting)",
                $"  └─ needs 59.0 s -> {pair.B} channel_rx \"inbox\" {Inbox} (open, 0/16, waited on)  <- ROOT BLOCKER: resource_without_holder",
            ],
            lines.Skip(first + 1).Take(5));
        Assert.Contains(lines, l => l.StartsWith("warnings: long_wait ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Why_chains_option_prints_fewer_trees_and_says_how_many_it_left_out()
    {
        var run = await CliRun.RunAsync("why", "--chains", "1", "--url", pair.Url);

        Assert.True(run.ExitCode == ExitCodes.DeadlockFound, $"exit {run.ExitCode}: {run.Error}");
        Assert.Contains(run.OutputLines, l => l.StartsWith("WAIT CHAIN 1 of 2", StringComparison.Ordinal));
        Assert.DoesNotContain(run.OutputLines, l => l.StartsWith("WAIT CHAIN 2", StringComparison.Ordinal));
        Assert.Contains("1 more wait chain(s) not shown", run.Output);
    }

    [Fact]
    public async Task Why_json_format_prints_the_servers_diagnosis_and_still_exits_3()
    {
        var run = await CliRun.RunAsync("why", "--format", "json", "--url", pair.Url);

        Assert.True(run.ExitCode == ExitCodes.DeadlockFound, $"exit {run.ExitCode}: {run.Error}");
        var report = JsonDocument.Parse(run.Output, new JsonDocumentOptions { MaxDepth = 256 }).RootElement;
        Assert.Equal(1, report.GetProperty("summary").GetProperty("deadlocks").GetInt32());
        Assert.Equal(8, report.GetProperty("deadlocks")[0].GetProperty("member_count").GetInt32());
        Assert.Equal(2, report.GetProperty("wait_chains").GetArrayLength());
    }

    [Theory]
    [InlineData("--chains", "-1")]
    [InlineData("--format", "csv")]
    [InlineData("--timeout-ms", "0")]
    public async Task Why_with_a_bad_option_exits_2_without_calling_the_server(string option, string value)
    {
        var run = await CliRun.RunAsync("why", option, value, "--url", "http://127.0.0.1:9");

        Assert.Equal(ExitCodes.BadArguments, run.ExitCode);
        Assert.Contains(option, Assert.Single(run.PeepsLines));
    }
}
