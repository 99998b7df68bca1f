using System.Text.Json;
using Peeps.Testing;
using static Peeps.Testing.RpcDeadlockGraphs;

namespace Peeps.Cli.Tests.EndToEnd;

/// <summary>
/// <c>peeps graph --at</c> against the real server, whose history two runtimes wrote over TCP: the stuck pair of
/// <see cref="RpcDeadlockGraphs"/>, sent as delta batches a few seconds ago.
/// </summary>
public sealed class GraphCommandTests : IAsyncLifetime
{
    private PeepsServer _server = null!;
    private RuntimeClient _a = null!, _b = null!;
    private string Url => _server.HttpBase.ToString().TrimEnd('/');

    public async Task InitializeAsync()
    {
        _server = await PeepsServer.StartAsync();
        _a = _server.Connect();
        await _a.HandshakeAsync(A, 6101);
        _b = _server.Connect();
        await _b.HandshakeAsync(B, 6102);
        await _a.SendJsonAsync(GraphBatches.Building("proc:6101", 0, ProcessA));
        await _b.SendJsonAsync(GraphBatches.Building("proc:6102", 0, ProcessB));
        await Eventually.Until(() => _server.CountAsync("select count(*) from stream_cursors"), n => n == 2, what: "both streams committed");
    }

    public async Task DisposeAsync()
    {
        _a.Dispose();
        _b.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Graph_at_now_summarizes_both_processes_with_their_entities()
    {
        var run = await CliRun.RunAsync("graph", "--at", "now", "--url", Url);

        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.Contains(run.OutputLines, l => l.Contains(A) && l.Contains(" 6 ") && l.Contains("6101"));
        Assert.Contains(run.OutputLines, l => l.Contains(B) && l.Contains(" 5 ") && l.Contains("6102"));
        Assert.Contains("2 process(es) connected at that instant", run.OutputLines);
    }

    [Fact]
    public async Task Graph_at_an_rfc_3339_time_before_the_server_started_has_no_process()
    {
        var run = await CliRun.RunAsync("graph", "--at", "2020-01-01T00:00:00Z", "--format", "json", "--url", Url);

        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        using var document = JsonDocument.Parse(run.Output);
        Assert.Equal(1_577_836_800_000_000_000, document.RootElement.GetProperty("at_ns").GetInt64());
        Assert.Equal(0, document.RootElement.GetProperty("processes").GetArrayLength());
    }

    [Fact]
    public async Task Graph_diagnose_finds_the_deadlock_of_that_instant_and_exits_3()
    {
        var run = await CliRun.RunAsync("graph", "--at", "0s ago", "--diagnose", "--url", Url);

        Assert.True(run.ExitCode == ExitCodes.DeadlockFound, $"exit {run.ExitCode}: {run.Error}");
        Assert.Contains(run.OutputLines, l => l.StartsWith("DEADLOCK 1: certain, across 2 processes", StringComparison.Ordinal));
        Assert.Matches(@"^peeps: 1 deadlock\(s\) found \(1 certain\) at \d{4}-", Assert.Single(run.PeepsLines));
    }

    [Fact]
    public async Task A_time_that_is_not_one_is_a_bad_argument_naming_the_forms()
    {
        var run = await CliRun.RunAsync("graph", "--at", "yesterday", "--url", Url);

        Assert.Equal(ExitCodes.BadArguments, run.ExitCode);
        Assert.Contains("RFC 3339", run.Error);
    }

    [Fact]
    public async Task A_future_time_is_the_server_s_bad_request()
    {
        var run = await CliRun.RunAsync("graph", "--at", "2200-01-01T00:00:00Z", "--url", Url);

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Contains("is in the future", run.Error);
    }
}
