using System.Text.Json;
using Peeps.Testing;
using static Peeps.Testing.SampleBatches;

namespace Peeps.EndToEnd.Tests.Streams;

/// <summary>Where a delta batch's time goes, stage by stage, in <c>/api/streams</c> and <c>/metrics</c>.</summary>
public sealed class PipelineLatencyTests : IAsyncLifetime
{
    private static readonly string[] Stages = ["merge", "group", "writer_queue", "commit", "total"];

    private PeepsServer _server = null!;

    public async Task InitializeAsync() => _server = await PeepsServer.StartAsync();

    public Task DisposeAsync() => _server.DisposeAsync().AsTask();

    [Fact]
    public async Task Every_committed_batch_is_timed_in_each_stage_and_the_stages_add_up_to_its_total()
    {
        using var client = _server.Connect();
        await client.HandshakeAsync("timed", 1);
        for (ulong batch = 0; batch < 5; batch++)
            await client.SendJsonAsync(Upserts("timed:1", batch * 10, 10));

        var latency = (await Eventually.Until(() => _server.GetJsonAsync("/api/streams"),
            g => Stage(g, "total").GetProperty("samples").GetInt32() >= 5, what: "five timed batches")).GetProperty("latency");

        var stages = latency.GetProperty("stages").EnumerateArray().ToList();
        Assert.Equal(Stages, stages.Select(s => s.GetProperty("stage").GetString()));
        Assert.All(stages, s => Assert.Equal(stages[^1].GetProperty("samples").GetInt32(), s.GetProperty("samples").GetInt32()));
        // Per batch the four stages partition its total, so their sums over the same batches do too, to within the
        // 100 ns a TimeSpan rounds each measured stage to.
        var parts = stages.Take(4).Sum(s => s.GetProperty("total_ms").GetDouble());
        var total = stages[^1].GetProperty("total_ms").GetDouble();
        var samples = stages[^1].GetProperty("samples").GetInt32();
        Assert.InRange(parts, total - 0.0004 * samples, total + 0.0004 * samples);
        Assert.Equal("gc_pause", latency.GetProperty("gc_pauses").GetProperty("stage").GetString());
    }

    [Fact]
    public async Task Metrics_carry_a_histogram_per_stage_and_one_of_gc_pauses()
    {
        using var client = _server.Connect();
        await client.HandshakeAsync("metered", 1);
        await client.SendJsonAsync(Upserts("metered:1", 0, 10));

        var metrics = await Eventually.Until(() => _server.Http.GetStringAsync("/metrics"),
            m => m.Contains("peeps_ingest_stage_duration_seconds_count{stage=\"total\"}"), what: "the stage histogram");
        GC.Collect(); // at least one pause, whatever the test run did before

        Assert.All(Stages, stage => Assert.Contains($"peeps_ingest_stage_duration_seconds_bucket{{stage=\"{stage}\",le=", metrics));
        await Eventually.Until(() => _server.Http.GetStringAsync("/metrics"),
            m => m.Contains("peeps_gc_pause_duration_seconds_count"), what: "the GC pause histogram");
    }

    private static JsonElement Stage(JsonElement graph, string name) =>
        graph.GetProperty("latency").GetProperty("stages").EnumerateArray().Single(s => s.GetProperty("stage").GetString() == name);
}
