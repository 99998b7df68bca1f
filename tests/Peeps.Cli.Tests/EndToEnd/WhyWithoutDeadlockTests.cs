using static Peeps.Testing.RpcDeadlockGraphs;

namespace Peeps.Cli.Tests.EndToEnd;

/// <summary>
/// <c>peeps why</c> where things wait but nothing is deadlocked: only B of <see cref="RpcDeadlockGraphs"/> answers,
/// so its callback request reaches no caller and the cycle never closes. A false deadlock would fail CI for nothing.
/// </summary>
public sealed class WhyWithoutDeadlockTests
{
    [Fact]
    public async Task Why_exits_0_and_shows_the_chain_across_the_response_to_the_unresolved_request()
    {
        await using var server = await PeepsServer.StartAsync();
        await using var b = await ScriptedRuntime.StartAsync(server.Ingest, RpcDeadlockGraphs.B, 5201, ProcessB);
        var process = $"{RpcDeadlockGraphs.B}#{await b.ConnIdAsync(server)}";

        var run = await CliRun.RunAsync("why", "--url", server.HttpBase.ToString());

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Empty(run.Error);
        Assert.Contains("no deadlock", run.OutputLines);
        var head = run.OutputLines.ToList().IndexOf($"  {process} response \"b.get\" {GetResponse} (pending, waiting)");
        Assert.True(head >= 0, run.Output);
        Assert.Equal(
            [
                $"  └─ works_on* 59.0 s -> {process} future \"b.get.handler\" {GetHandler} (waiting)",
                $"     └─ needs 59.0 s -> {process} request \"a.callback\" {CallbackRequest} (waited on)  <- ROOT BLOCKER: unresolved_request",
            ],
            run.OutputLines.Skip(head + 1).Take(2));
        Assert.Contains("unresolved rpc links: 1 (a caller not in the snapshot, or ambiguous)", run.OutputLines);
    }

    [Fact]
    public async Task Why_names_a_process_that_did_not_answer_and_ends_the_waits_on_it_there()
    {
        await using var server = await PeepsServer.StartAsync();
        await using var a = await ScriptedRuntime.StartAsync(server.Ingest, RpcDeadlockGraphs.A, 5211, ProcessA);
        a.AnswersSnapshots = false;
        var silent = $"{RpcDeadlockGraphs.A}#{await a.ConnIdAsync(server)}";
        await using var b = await ScriptedRuntime.StartAsync(server.Ingest, RpcDeadlockGraphs.B, 5212, ProcessB);
        var process = $"{RpcDeadlockGraphs.B}#{await b.ConnIdAsync(server)}";

        var run = await CliRun.RunAsync("why", "--timeout-ms", "500", "--url", server.HttpBase.ToString());

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Contains($"did not answer: {silent} (pid 5211)", run.OutputLines);
        Assert.Contains("no deadlock", run.OutputLines);
        Assert.Contains(run.OutputLines, l => l.EndsWith(
            $"-> {process} request \"a.callback\" {CallbackRequest} (waited on)  <- ROOT BLOCKER: process_did_not_answer", StringComparison.Ordinal));
    }
}
