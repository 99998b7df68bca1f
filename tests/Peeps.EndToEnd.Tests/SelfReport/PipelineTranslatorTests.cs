using System.Buffers;
using System.Text.Json;
using Peeps.Simulator.Json;
using Peeps.Simulator.Model;
using Peeps.Web.SelfReport;
using static Peeps.EndToEnd.Tests.SelfReport.PipelineSamples;

namespace Peeps.EndToEnd.Tests.SelfReport;

public sealed class PipelineTranslatorTests
{
    private static JsonElement EntityJson(PipelineStage stage)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer)) ModelJson.Write(writer, stage.ToEntity());
        return JsonDocument.Parse(buffer.WrittenMemory).RootElement.Clone();
    }

    [Fact]
    public void A_stage_with_a_buffer_is_an_mpsc_receiver_carrying_its_occupancy_and_capacity()
    {
        var graph = Translator().Translate(Graph([.. Connection(3, bufferFill: 3), .. Store()], ConnectionEdges(3), Runtime(3)));

        var entity = EntityJson(graph.Stages["conn-3-buffer"]);

        Assert.Equal("conn-3-buffer", entity.GetProperty("name").GetString());
        Assert.Equal(
            """{"channel_rx":{"lifecycle":"open","details":{"mpsc":{"buffer":{"occupancy":3,"capacity":4}}}}}""",
            entity.GetProperty("body").GetRawText());
        Assert.Equal("messages", entity.GetProperty("meta").GetProperty("fill_unit").GetString());
        Assert.Equal(3, entity.GetProperty("meta").GetProperty("conn_id").GetInt64());
    }

    [Fact]
    public void A_stage_without_a_buffer_is_a_future()
    {
        var graph = Translator().Translate(Pipeline(3));

        Assert.Equal("\"future\"", EntityJson(graph.Stages["conn-3-decode"]).GetProperty("body").GetRawText());
    }

    [Fact]
    public void Every_link_of_the_stage_graph_is_a_channel_link_edge_from_upstream_to_downstream()
    {
        var graph = Translator().Translate(Pipeline(3));

        Assert.Contains(new PipelineEdge("conn-3-close", "store-merge", EdgeKind.ChannelLink), graph.Edges);
        Assert.Contains(new PipelineEdge("store-group", "store-writer", EdgeKind.ChannelLink), graph.Edges);
        Assert.Equal(9, graph.Edges.Count);
        Assert.DoesNotContain(graph.Edges, e => e.Kind == EdgeKind.Needs);
    }

    [Fact]
    public void A_stage_backpressured_for_most_of_the_window_needs_its_downstream_and_a_briefly_waiting_one_does_not()
    {
        var sample = Graph(
            [.. Connection(3, closeBackpressuredMs: 0.9 * WindowMs), .. Store(groupBackpressuredMs: 0.1 * WindowMs)],
            [.. ConnectionEdges(3), .. StoreEdges()],
            Runtime(3));

        var graph = Translator().Translate(sample);

        Assert.Equal([new PipelineEdge("conn-3-close", "store-merge", EdgeKind.Needs)], graph.Edges.Where(e => e.Kind == EdgeKind.Needs));
    }

    [Fact]
    public void The_backpressure_threshold_is_the_configured_share_of_the_window()
    {
        var sample = Graph([.. Store(groupBackpressuredMs: 0.3 * WindowMs)], StoreEdges());

        Assert.DoesNotContain(Translator(backpressuredFraction: 0.5).Translate(sample).Edges, e => e.Kind == EdgeKind.Needs);
        Assert.Contains(new PipelineEdge("store-group", "store-writer", EdgeKind.Needs), Translator(backpressuredFraction: 0.25).Translate(sample).Edges);
    }

    [Fact]
    public void Over_the_entity_cap_the_store_and_the_oldest_whole_connections_are_reported_and_later_ones_left_out()
    {
        var graph = Translator(maxEntities: 16).Translate(Pipeline(7, 9));

        Assert.Equal(11, graph.Stages.Count);
        Assert.All(graph.Stages.Keys, id => Assert.True(id.StartsWith("store-") || id.StartsWith("conn-7-"), id));
        Assert.Equal(["conn-7", PipelineTranslator.StoreScopeId], graph.Scopes.Keys.Order());
        Assert.DoesNotContain(graph.Edges, e => e.Src.StartsWith("conn-9-") || e.Dst.StartsWith("conn-9-"));
    }

    [Fact]
    public void A_connection_scope_is_named_after_its_runtime_once_it_has_handshaken()
    {
        var before = Translator().Translate(Graph(Connection(3), ConnectionEdges(3), Runtime(3)));
        var after = Translator().Translate(Graph(Connection(3), ConnectionEdges(3), Runtime(3, "worker-a", 4242)));

        Assert.Equal("conn 3 (before handshake)", before.Scopes["conn-3"].Name);
        Assert.Equal("worker-a (pid 4242, conn 3)", after.Scopes["conn-3"].Name);
        Assert.All(after.Stages.Values, s => Assert.Equal("conn-3", s.ScopeId));
    }

    [Fact]
    public void A_connection_stage_is_born_when_its_connection_was_accepted_in_process_time()
    {
        var graph = Translator().Translate(Pipeline(3));

        Assert.Equal((ulong)TimeSpan.FromMinutes(1).TotalMilliseconds, graph.Stages["conn-3-buffer"].Birth);
    }
}
