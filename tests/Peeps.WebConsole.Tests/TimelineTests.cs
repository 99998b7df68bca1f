using Peeps.Testing;
using static Microsoft.Playwright.Assertions;
using static Peeps.Testing.RpcDeadlockGraphs;

namespace Peeps.WebConsole.Tests;

/// <summary>
/// The timeline's slider over a server of its own, whose history two runtimes wrote over TCP: the stuck pair of
/// <see cref="RpcDeadlockGraphs"/>, whose cycle B later breaks. The graph and the Problems panel follow the slider.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class TimelineTests(ConsoleFixture fixture)
{
    private static async Task SendAsync(PeepsServer server, RuntimeClient client, string stream, string batch, int nextSeqNo)
    {
        await client.SendJsonAsync(batch);
        await Eventually.Until(() => server.CountAsync($"select count(*) from stream_cursors where stream_id = '{stream}' and next_seq_no = {nextSeqNo}"),
            n => n == 1, what: $"{stream} committed up to {nextSeqNo}");
    }

    private static async Task SlideToTheEndAsync(ConsolePage console)
    {
        var slider = console.Page.Locator("#timeline-slider");
        var status = console.Page.Locator("#timeline-status");
        // The refresh answers asynchronously and says so in the status: slide only once it has landed, or the slide
        // lands on the end of the span read before (a graph showing the last batch not yet).
        await status.EvaluateAsync("s => { s.textContent = ''; }");
        await console.Page.Locator("#timeline-refresh").ClickAsync();
        await Expect(status).ToContainTextAsync("history from");
        await Expect(slider).ToBeEnabledAsync();
        await slider.EvaluateAsync("s => { s.value = s.max; s.dispatchEvent(new Event('change')); }");
    }

    [Fact]
    public async Task Sliding_to_an_instant_shows_the_graph_then_and_the_problems_panel_diagnoses_it()
    {
        await using var server = await PeepsServer.StartAsync();
        using var a = server.Connect();
        await a.HandshakeAsync(A, 8101);
        await Eventually.Until(() => server.CountAsync($"select count(*) from connections where process_name = '{A}'"), n => n == 1);
        using var b = server.Connect();
        await b.HandshakeAsync(B, 8102);
        await SendAsync(server, a, "proc:8101", GraphBatches.Building("proc:8101", 0, ProcessA), GraphBatches.Changes(ProcessA));
        await SendAsync(server, b, "proc:8102", GraphBatches.Building("proc:8102", 0, ProcessB), GraphBatches.Changes(ProcessB));
        await server.PostJsonAsync("/api/cuts", "{}");
        await using var console = await ConsolePage.OpenAsync(fixture.Browser, server.HttpBase);

        await SlideToTheEndAsync(console);

        await Expect(console.Page.Locator("#snapshot-meta")).ToContainTextAsync("rebuilt from history");
        await Expect(console.Nodes).ToHaveCountAsync(11);
        await Expect(console.Page.Locator("#timeline-marks .timeline-mark.cut")).ToHaveCountAsync(1);
        // The diagnosis rebuilds the graph again on the server; the status names the outcome (or the failure) once it is in.
        await Expect(console.Page.Locator("#problems-status")).ToContainTextAsync("deadlock", new() { Timeout = 30_000 });
        var deadlocks = console.Page.Locator("#problems button.problem.deadlock[data-confidence=\"certain\"]");
        await Expect(deadlocks).ToHaveCountAsync(1);
        await Screenshots.SaveAsync(console.Page, "timeline");

        await SendAsync(server, b, "proc:8102", GraphBatches.Removing("proc:8102", (ulong)GraphBatches.Changes(ProcessB), GetHandler),
            GraphBatches.Changes(ProcessB) + 1);
        await SlideToTheEndAsync(console);

        await Expect(console.Nodes).ToHaveCountAsync(10);
        await Expect(console.Page.Locator("#problems button.problem.deadlock")).ToHaveCountAsync(0);
        console.AssertStayedLocalAndQuiet();
    }
}
