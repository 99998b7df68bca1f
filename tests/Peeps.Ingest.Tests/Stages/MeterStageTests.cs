using Akka;
using Akka.Streams;
using Akka.Streams.Dsl;
using Akka.Streams.TestKit;
using Akka.TestKit.Xunit2;
using Peeps.Ingest.Inspection;
using Peeps.Ingest.Stages;

namespace Peeps.Ingest.Tests.Stages;

public sealed class MeterStageTests : TestKit
{
    [Fact]
    public async Task Counts_every_element_and_its_units_and_passes_them_on_unchanged()
    {
        var meter = new StageMeter();
        var result = await Source.From(Enumerable.Range(1, 10))
            .Via(new MeterStage<int>("test-meter", meter, n => n))
            .RunWith(Sink.Seq<int>(), Sys.Materializer());

        Assert.Equal(Enumerable.Range(1, 10), result);
        Assert.Equal(10, meter.Elements);
        Assert.Equal(55, meter.Units);
        Assert.Equal(0, meter.Attached);
    }

    /// <summary>Probes at both ends give exact demand; an input buffer of one keeps the boundaries from prefetching.</summary>
    private (TestPublisher.Probe<int> Source, TestSubscriber.Probe<int> Sink) Probed(Flow<int, int, NotUsed> flow) =>
        this.SourceProbe<int>()
            .Via(flow)
            .ToMaterialized(this.SinkProbe<int>(), Keep.Both)
            .WithAttributes(Attributes.CreateInputBuffer(1, 1))
            .Run(Sys.Materializer());

    [Fact]
    public void Time_without_downstream_demand_counts_as_backpressure_and_shows_in_the_window()
    {
        var meter = new StageMeter();
        var (source, sink) = Probed(Flow.FromGraph(new MeterStage<int>("test-meter", meter)));

        sink.Request(1);
        source.SendNext(1);
        sink.ExpectNext(1);
        AwaitCondition(() => meter.Elements == 1);
        // Nothing more is requested: from here the stage has handed its element on and downstream has not asked again.
        meter.Sample(System.Diagnostics.Stopwatch.GetTimestamp(), 1);
        var before = meter.BackpressuredTotal;
        AwaitCondition(() => meter.BackpressuredTotal > before);
        meter.Sample(System.Diagnostics.Stopwatch.GetTimestamp(), 0.2);

        Assert.True(meter.BackpressuredTotal > before, "backpressured time grows while nobody pulls");
        Assert.True(meter.BackpressuredMsInWindow > 0);
        Assert.Equal(1, meter.Attached);
        source.SendComplete();
        sink.ExpectComplete();
    }

    [Fact]
    public void Waiting_for_upstream_is_not_backpressure()
    {
        var meter = new StageMeter();
        var (source, sink) = Probed(Flow.FromGraph(new MeterStage<int>("test-meter", meter)));

        // Downstream asks for more than upstream gives: the stage only ever waits for upstream.
        sink.Request(10);
        source.SendNext(1);
        sink.ExpectNext(1);
        AwaitCondition(() => meter.Elements == 1);
        meter.Sample(System.Diagnostics.Stopwatch.GetTimestamp(), 1);
        var idle = System.Diagnostics.Stopwatch.StartNew();
        AwaitCondition(() => idle.ElapsedMilliseconds >= 200);
        meter.Sample(System.Diagnostics.Stopwatch.GetTimestamp(), 0.2);

        // Only the interpreter's own hand-over between push and pull can show (stretched by a busy machine), never the idle wait for upstream.
        Assert.InRange(meter.BackpressuredMsInWindow!.Value, 0, 100);
        source.SendComplete();
        sink.ExpectComplete();
    }

    [Fact]
    public void Meters_on_both_sides_of_a_buffer_give_its_fill()
    {
        var before = new StageMeter();
        var after = new StageMeter();
        var (source, sink) = Probed(Flow.Create<int>()
            .Via(new MeterStage<int>("before", before))
            .Buffer(8, OverflowStrategy.Backpressure)
            .Via(new MeterStage<int>("after", after)));

        sink.Request(1);
        // The first goes through to the one demand, eight fill the buffer; the source is asked for no more than that
        // and the one the boundary holds.
        for (var i = 1; i <= 10; i++) source.SendNext(i);
        sink.ExpectNext(1);
        AwaitCondition(() => before.Elements == 9 && after.Elements == 1);
        Assert.Equal(8, before.Elements - after.Elements);

        sink.Request(1);
        sink.ExpectNext(2);
        AwaitCondition(() => after.Elements == 2);
        Assert.True(before.BackpressuredTotal > TimeSpan.Zero, "the stage feeding a full buffer is backpressured");
        Assert.Equal(8, before.Elements - after.Elements);
    }

    [Fact]
    public void A_shared_meter_counts_but_does_not_claim_backpressure()
    {
        var meter = new StageMeter(tracksBackpressure: false);
        meter.OnElement(3);
        meter.OnPushed(System.Diagnostics.Stopwatch.GetTimestamp() - 1_000_000);
        meter.Sample(System.Diagnostics.Stopwatch.GetTimestamp(), 1);

        Assert.Equal(1, meter.Elements);
        Assert.Equal(3, meter.Units);
        Assert.Null(meter.BackpressuredMsInWindow);
        Assert.Equal(TimeSpan.Zero, meter.BackpressuredTotal);
    }
}
