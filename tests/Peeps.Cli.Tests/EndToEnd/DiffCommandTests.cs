using System.Net;
using System.Text.Json;
using static Peeps.Testing.RpcDeadlockGraphs;

namespace Peeps.Cli.Tests.EndToEnd;

/// <summary>
/// <c>peeps diff</c> between two real snapshots of the runtimes of <see cref="RpcDeadlockGraphs"/>, taken ten seconds
/// of process time apart, between which B's reader got its message: one wait ended (slow), the cycle's did not (stuck).
/// </summary>
public sealed class DiffCommandTests(DiffCommandTests.TwoSnapshots snapshots) : IClassFixture<DiffCommandTests.TwoSnapshots>
{
    public sealed class TwoSnapshots : IAsyncLifetime
    {
        public PeepsServer Server { get; private set; } = null!;
        public string Url => Server.HttpBase.ToString().TrimEnd('/');
        public string B { get; private set; } = "";
        public long Before { get; private set; }
        public long After { get; private set; }
        private ScriptedRuntime _a = null!;
        private ScriptedRuntime _b = null!;

        public async Task InitializeAsync()
        {
            Server = await PeepsServer.StartAsync();
            // One after the other, so A has the lower conn id and comes first wherever answers sort by process.
            _a = await ScriptedRuntime.StartAsync(Server.Ingest, RpcDeadlockGraphs.A, 5301, ProcessA);
            await _a.ConnIdAsync(Server);
            _b = await ScriptedRuntime.StartAsync(Server.Ingest, RpcDeadlockGraphs.B, 5302, ProcessB);
            B = $"{RpcDeadlockGraphs.B}#{await _b.ConnIdAsync(Server)}";
            Before = await SnapshotAsync();
            _b.Graph = ProcessBAfterInboxFilled;
            _a.PtimeNowMs = _b.PtimeNowMs = 70_000;
            After = await SnapshotAsync();
        }

        /// <summary>A snapshot, once it is stored: the diff reads stored snapshots.</summary>
        private async Task<long> SnapshotAsync()
        {
            var id = (await Server.PostJsonAsync("/api/snapshot", "{}")).GetProperty("snapshot_id").GetInt64();
            await Eventually.Until(async () =>
            {
                using var response = await Server.Http.GetAsync($"/api/snapshots/{id}");
                return response.StatusCode;
            }, status => status == HttpStatusCode.OK, what: $"snapshot {id} stored");
            return id;
        }

        public async Task DisposeAsync()
        {
            await _a.DisposeAsync();
            await _b.DisposeAsync();
            await Server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Diff_summarizes_the_wait_that_ended_as_slow_and_the_cycle_as_stuck()
    {
        var run = await CliRun.RunAsync("diff", snapshots.Before.ToString(), snapshots.After.ToString(), "--url", snapshots.Url);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Empty(run.Error);
        var lines = run.OutputLines.ToList();
        Assert.Equal(
            [
                $"snapshot {snapshots.Before} -> {snapshots.After}, {lines[0].Split(", ")[1]}",
                "processes: 0 appeared, 0 gone",
                "entities: 0 appeared, 0 gone, 0 changed",
                "wait edges: 0 added, 1 removed",
                "still blocked: 9 waits in both snapshots (stuck, not slow)",
                "deadlocks: 1 before, 1 after, 0 resolved",
                "waits that ended (slow, not stuck):",
                $"  {snapshots.B} {Reader} needs -> {snapshots.B} {Inbox}",
                "still blocked (stuck):",
            ],
            lines.Take(9));
        Assert.Contains($"  {snapshots.B} future \"b.get.handler\" {GetHandler} (waiting) needs -> {snapshots.B} request \"a.callback\" {CallbackRequest} (waiting), waiting 59.0 s then 69.0 s", lines);
        Assert.Contains(lines, l => l.StartsWith("  persisting: svc-a#", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Diff_limit_cuts_each_list_and_says_how_many_it_left_out()
    {
        var run = await CliRun.RunAsync("diff", snapshots.Before.ToString(), snapshots.After.ToString(), "--limit", "2", "--url", snapshots.Url);

        var still = run.OutputLines.ToList().IndexOf("still blocked (stuck):");
        Assert.Equal("  ... 7 more (--limit, or --format json)", run.OutputLines[still + 3]);
    }

    [Fact]
    public async Task Diff_json_format_prints_the_servers_diff()
    {
        var run = await CliRun.RunAsync("diff", snapshots.Before.ToString(), snapshots.After.ToString(), "--format", "json", "--url", snapshots.Url);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        var diff = JsonDocument.Parse(run.Output).RootElement;
        Assert.Equal(snapshots.After, diff.GetProperty("to_snapshot_id").GetInt64());
        Assert.Equal(Reader, Assert.Single(diff.GetProperty("wait_edges_removed").EnumerateArray()).GetProperty("from_entity_id").GetString());
        Assert.Equal(9, diff.GetProperty("still_blocked").GetArrayLength());
    }

    [Fact]
    public async Task Diff_with_an_unknown_snapshot_fails_with_the_servers_404_on_one_line()
    {
        var run = await CliRun.RunAsync("diff", snapshots.Before.ToString(), "987654", "--url", snapshots.Url);

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Empty(run.Output);
        var line = Assert.Single(run.ErrorLines);
        Assert.Contains("404", line);
        Assert.Contains("no stored snapshot 987654", line);
    }
}
