using Peeps.Simulator.Model;

namespace Peeps.Web.SelfReport;

/// <summary>The ingest pipeline as the peeps model sees it at one sample: stages, their scopes, and the edges between them.</summary>
public sealed record PipelineGraph(
    IReadOnlyDictionary<string, PipelineStage> Stages,
    IReadOnlyDictionary<string, PipelineScope> Scopes,
    IReadOnlySet<PipelineEdge> Edges)
{
    public static PipelineGraph Empty { get; } = new(
        new Dictionary<string, PipelineStage>(), new Dictionary<string, PipelineScope>(), new HashSet<PipelineEdge>());

    /// <summary>The state a <c>snapshot_reply</c> carries; the pipeline records no events.</summary>
    public GraphSnapshot ToSnapshot() => new(
        [.. Stages.Values.Select(s => s.ToEntity())],
        [.. Scopes.Values.Select(s => s.ToScope())],
        [.. Edges.Select(e => e.ToEdge())],
        []);
}
