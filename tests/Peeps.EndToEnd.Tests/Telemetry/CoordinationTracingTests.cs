using System.Diagnostics;
using Peeps.Ingest.Tracing;
using Peeps.Simulator;
using Peeps.Testing;

namespace Peeps.EndToEnd.Tests.Telemetry;

/// <summary>
/// A cut or snapshot request is one trace: the HTTP request, the Ask to the coordinator, one span per connection
/// asked (named by connection and process) ending at its reply, and the commit of the rows it left.
/// </summary>
public sealed class CoordinationTracingTests
{
    private static Simulation Simulate(PeepsServer server, int processes) => Simulation.Start(new SimulatorSettings
    {
        Port = server.Ingest.Port,
        ProcessCount = processes,
        ChangesPerSecond = 0,
        TickInterval = TimeSpan.FromMilliseconds(50),
        NamePrefix = "traced",
    });

    private static async Task ConnectedAsync(PeepsServer server, Simulation simulation, int processes)
    {
        await simulation.WaitForAllConnectedAsync().WaitAsync(TimeSpan.FromSeconds(10));
        await Eventually.Until(() => server.GetJsonAsync("/api/connections"), c => c.GetProperty("connected_processes").GetInt32() == processes);
    }

    private static Activity Single(IReadOnlyList<Activity> trace, string name) =>
        Assert.Single(trace, span => span.OperationName == name);

    [Fact]
    public async Task A_snapshot_is_one_trace_from_the_request_through_each_connection_to_the_stored_row()
    {
        using var spans = new SpanCollector();
        await using var server = await PeepsServer.StartAsync();
        await using var simulation = Simulate(server, 2);
        await ConnectedAsync(server, simulation, 2);

        var snapshotId = (await server.PostJsonAsync("/api/snapshot", "{}")).GetProperty("snapshot_id").GetInt64();

        var request = await Eventually.Until(() => Task.FromResult(spans.Request(server.HttpBase.Port, "POST", "/api/snapshot")), r => r is not null, what: "the request span");
        var trace = await Eventually.Until(() => Task.FromResult(spans.Trace(request!.TraceId)),
            t => t.Any(s => s.OperationName == "peeps.store.commit"), what: "the stored row's span");
        var ask = Single(trace, "peeps.snapshot.ask");
        var collect = Single(trace, "peeps.snapshot.collect");
        var commit = Single(trace, "peeps.store.commit");
        var asked = trace.Where(s => s.OperationName == "peeps.snapshot.request").ToList();

        Assert.Equal(request!.SpanId, ask.ParentSpanId);
        Assert.Equal(ask.SpanId, collect.ParentSpanId);
        Assert.Equal(snapshotId, collect.GetTagItem(PeepsTracing.SnapshotIdTag));
        Assert.Equal(2, asked.Count);
        Assert.All(asked, span =>
        {
            Assert.Equal(collect.SpanId, span.ParentSpanId);
            Assert.Equal("replied", span.GetTagItem(PeepsTracing.OutcomeTag));
            Assert.IsType<long>(span.GetTagItem(PeepsTracing.ConnIdTag));
        });
        Assert.Equal(
            simulation.Runtimes.Select(r => r.Name).Order(),
            asked.Select(span => (string)span.GetTagItem(PeepsTracing.ProcessNameTag)!).Order());
        Assert.Equal(collect.SpanId, commit.ParentSpanId);
        Assert.Equal("snapshots", commit.GetTagItem(PeepsTracing.RowTag));
    }

    [Fact]
    public async Task A_cut_is_one_trace_from_the_request_through_each_ack_to_its_stored_rows()
    {
        using var spans = new SpanCollector();
        await using var server = await PeepsServer.StartAsync();
        await using var simulation = Simulate(server, 2);
        await ConnectedAsync(server, simulation, 2);

        var cutId = (await server.PostJsonAsync("/api/cuts", "{}")).GetProperty("cut_id").GetString();

        var request = await Eventually.Until(() => Task.FromResult(spans.Request(server.HttpBase.Port, "POST", "/api/cuts")), r => r is not null, what: "the request span");
        // The cut's own row and one ack row per connection.
        var trace = await Eventually.Until(() => Task.FromResult(spans.Trace(request!.TraceId)),
            t => t.Count(s => s.OperationName == "peeps.store.commit") == 3, what: "the stored rows' spans");
        var ask = Single(trace, "peeps.cut.ask");
        var start = Single(trace, "peeps.cut.start");
        var asked = trace.Where(s => s.OperationName == "peeps.cut.request").ToList();
        var commits = trace.Where(s => s.OperationName == "peeps.store.commit").ToList();

        Assert.Equal(request!.SpanId, ask.ParentSpanId);
        Assert.Equal(ask.SpanId, start.ParentSpanId);
        Assert.Equal(cutId, start.GetTagItem(PeepsTracing.CutIdTag));
        Assert.Equal(2, asked.Count);
        Assert.All(asked, span =>
        {
            Assert.Equal(start.SpanId, span.ParentSpanId);
            Assert.Equal("acked", span.GetTagItem(PeepsTracing.OutcomeTag));
        });
        var cutRow = Assert.Single(commits, c => (string?)c.GetTagItem(PeepsTracing.RowTag) == "cuts");
        Assert.Equal(start.SpanId, cutRow.ParentSpanId);
        var ackRows = commits.Where(c => (string?)c.GetTagItem(PeepsTracing.RowTag) == "cut_acks").ToList();
        Assert.Equal(asked.Select(a => a.SpanId.ToHexString()).Order(), ackRows.Select(c => c.ParentSpanId.ToHexString()).Order());
    }
}
