using Peeps.Simulator.Model;

namespace Peeps.Web.SelfReport;

/// <summary>
/// The changes that take a reader of the change stream from one reported pipeline to the next: removals first (a
/// vanished connection's stages and scope), then upserts of whatever is new or different. A removed entity takes
/// its edges and scope link with it on the server, so an edge is removed explicitly only while both ends live on.
/// A stage keeps its scope for life (its name carries its connection), so its link is written once, with it.
/// </summary>
public static class PipelineDiff
{
    public static IReadOnlyList<GraphChange> Between(PipelineGraph before, PipelineGraph after)
    {
        var changes = new List<GraphChange>();
        foreach (var edge in before.Edges)
        {
            if (!after.Edges.Contains(edge) && after.Stages.ContainsKey(edge.Src) && after.Stages.ContainsKey(edge.Dst))
                changes.Add(new RemoveEdgeChange(edge.Src, edge.Dst, edge.Kind));
        }
        foreach (var id in before.Stages.Keys)
        {
            if (!after.Stages.ContainsKey(id)) changes.Add(new RemoveEntityChange(id));
        }
        foreach (var id in before.Scopes.Keys)
        {
            if (!after.Scopes.ContainsKey(id)) changes.Add(new RemoveScopeChange(id));
        }

        foreach (var (id, scope) in after.Scopes)
        {
            if (!before.Scopes.TryGetValue(id, out var previous) || previous != scope) changes.Add(new UpsertScopeChange(scope.ToScope()));
        }
        foreach (var (id, stage) in after.Stages)
        {
            if (!before.Stages.TryGetValue(id, out var previous))
            {
                changes.Add(new UpsertEntityChange(stage.ToEntity()));
                changes.Add(new UpsertEntityScopeLinkChange(id, stage.ScopeId));
            }
            else if (previous != stage)
            {
                changes.Add(new UpsertEntityChange(stage.ToEntity()));
            }
        }
        foreach (var edge in after.Edges)
        {
            if (!before.Edges.Contains(edge)) changes.Add(new UpsertEdgeChange(edge.ToEdge()));
        }
        return changes;
    }
}
