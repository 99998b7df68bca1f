using Peeps.Simulator.Model;
using Peeps.Web.SelfReport;
using static Peeps.EndToEnd.Tests.SelfReport.PipelineSamples;

namespace Peeps.EndToEnd.Tests.SelfReport;

public sealed class PipelineDiffTests
{
    private static string Describe(GraphChange change) => change switch
    {
        UpsertEntityChange c => $"upsert_entity {c.Entity.Id}",
        RemoveEntityChange c => $"remove_entity {c.Id}",
        UpsertScopeChange c => $"upsert_scope {c.Scope.Id}",
        RemoveScopeChange c => $"remove_scope {c.Id}",
        UpsertEntityScopeLinkChange c => $"upsert_entity_scope_link {c.EntityId} {c.ScopeId}",
        UpsertEdgeChange c => $"upsert_edge {c.Edge.Src} {c.Edge.Dst} {c.Edge.Kind}",
        RemoveEdgeChange c => $"remove_edge {c.Src} {c.Dst} {c.Kind}",
        _ => change.Variant,
    };

    private static string[] Diff(PipelineGraph before, PipelineGraph after) => [.. PipelineDiff.Between(before, after).Select(Describe)];

    [Fact]
    public void The_first_report_upserts_every_scope_stage_scope_link_and_edge()
    {
        var graph = Translator().Translate(Pipeline(3));

        var changes = Diff(PipelineGraph.Empty, graph);

        Assert.Equal(2, changes.Count(c => c.StartsWith("upsert_scope ")));
        Assert.Equal(11, changes.Count(c => c.StartsWith("upsert_entity ")));
        Assert.Equal(11, changes.Count(c => c.StartsWith("upsert_entity_scope_link ")));
        Assert.Equal(9, changes.Count(c => c.StartsWith("upsert_edge ")));
        Assert.Equal(2 + 11 + 11 + 9, changes.Length);
        Assert.True(Array.IndexOf(changes, "upsert_scope conn-3") < Array.IndexOf(changes, "upsert_entity_scope_link conn-3-buffer conn-3"));
    }

    [Fact]
    public void An_unchanged_pipeline_produces_no_changes()
    {
        var translator = Translator();

        Assert.Empty(Diff(translator.Translate(Pipeline(3)), translator.Translate(Pipeline(3))));
    }

    [Fact]
    public void The_stages_of_a_vanished_connection_become_removals_and_take_their_scope_with_them()
    {
        var translator = Translator();
        var before = translator.Translate(Pipeline(3, 4));
        var after = translator.Translate(Pipeline(3));

        var changes = Diff(before, after);

        Assert.Equal(Connection(4).Select(s => $"remove_entity {s.Name}").Order(StringComparer.Ordinal), changes[..^1].Order(StringComparer.Ordinal));
        Assert.Equal("remove_scope conn-4", changes[^1]);
    }

    [Fact]
    public void A_changed_fill_upserts_only_that_stage()
    {
        var translator = Translator();
        var before = translator.Translate(Graph([.. Connection(3, bufferFill: 1), .. Store()], [.. ConnectionEdges(3), .. StoreEdges()], Runtime(3)));
        var after = translator.Translate(Graph([.. Connection(3, bufferFill: 4), .. Store()], [.. ConnectionEdges(3), .. StoreEdges()], Runtime(3)));

        var change = Assert.Single(PipelineDiff.Between(before, after));

        var upsert = Assert.IsType<UpsertEntityChange>(change);
        var body = Assert.IsType<ChannelEndBody>(upsert.Entity.Body);
        Assert.Equal(new ChannelBuffer(4, 4), Assert.IsType<BufferedChannelDetails>(body.Details).Buffer);
    }

    [Fact]
    public void Backpressure_that_starts_adds_a_needs_edge_and_backpressure_that_ends_removes_it()
    {
        var translator = Translator();
        var calm = translator.Translate(Graph([.. Connection(3), .. Store()], [.. ConnectionEdges(3), .. StoreEdges()], Runtime(3)));
        var pressed = translator.Translate(Graph([.. Connection(3, closeBackpressuredMs: WindowMs), .. Store()], [.. ConnectionEdges(3), .. StoreEdges()], Runtime(3)));

        Assert.Equal(["upsert_edge conn-3-close store-merge Needs"], Diff(calm, pressed));
        Assert.Equal(["remove_edge conn-3-close store-merge Needs"], Diff(pressed, calm));
    }
}
