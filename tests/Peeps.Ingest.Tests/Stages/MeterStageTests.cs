using Akka.Streams;
using Akka.Streams.Dsl;
using Akka.TestKit.Xunit2;
using Peeps.Ingest.Inspection;
using Peeps.Ingest.Stages;

namespace Peeps.Ingest.Tests.Stages;

public sealed class MeterStageTests : TestKit
{
    private static async Task Until(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"not reached: {what}");
            await Task.Delay(10);
        }
    }

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

    [Fact]
    public async Task Time_without_downstream_demand_counts_as_backpressure_and_shows_in_the_window()
    {
        var meter = new StageMeter();
        var queue = Source.Repeat(1)
            .Via(new MeterStage<int>("test-meter", meter))
            .RunWith(Sink.Queue<int>().WithAttributes(Attributes.CreateInputBuffer(1, 1)), Sys.Materializer());

        await Until(() => meter.Elements > 0, "the first element passed");
        var before = meter.BackpressuredTotal;
        meter.Sample(System.Diagnostics.Stopwatch.GetTimestamp(), 1);
        await Task.Delay(200);
        meter.Sample(System.Diagnostics.Stopwatch.GetTimestamp(), 0.2);

        Assert.True(meter.BackpressuredTotal > before, "backpressured time grows while nobody pulls");
        Assert.True(meter.BackpressuredMsInWindow > 0);
        Assert.Equal(1, meter.Attached);
    }

    [Fact]
    public async Task Waiting_for_upstream_is_not_backpressure()
    {
        var meter = new StageMeter();
        var (source, done) = Source.Queue<int>(4, OverflowStrategy.Backpressure)
            .Via(new MeterStage<int>("test-meter", meter))
            .ToMaterialized(Sink.Ignore<int>(), Keep.Both)
            .Run(Sys.Materializer());

        await source.OfferAsync(1);
        await Until(() => meter.Elements == 1, "the element passed");
        meter.Sample(System.Diagnostics.Stopwatch.GetTimestamp(), 1);
        await Task.Delay(200);
        meter.Sample(System.Diagnostics.Stopwatch.GetTimestamp(), 0.2);

        // Only the interpreter's own hand-over between push and pull can show (stretched by a busy machine), never the 200 ms idle wait for upstream.
        Assert.InRange(meter.BackpressuredMsInWindow!.Value, 0, 100);
        source.Complete();
        await done;
    }

    [Fact]
    public async Task Meters_on_both_sides_of_a_buffer_give_its_fill()
    {
        var before = new StageMeter();
        var after = new StageMeter();
        var queue = Source.Repeat(1)
            .Via(new MeterStage<int>("before", before))
            .Buffer(8, OverflowStrategy.Backpressure)
            .Via(new MeterStage<int>("after", after))
            .RunWith(Sink.Queue<int>().WithAttributes(Attributes.CreateInputBuffer(1, 1)), Sys.Materializer());

        await Until(() => before.Elements - after.Elements == 8, "the buffer filled");
        await Task.Delay(50);
        Assert.Equal(8, before.Elements - after.Elements);

        await queue.PullAsync();
        await Until(() => after.Elements >= 2, "an element left the buffer");
        Assert.True(before.BackpressuredTotal > TimeSpan.Zero, "the stage feeding a full buffer is backpressured");
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
