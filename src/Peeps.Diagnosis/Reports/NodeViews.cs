using Peeps.Diagnosis.Graph;
using Peeps.Diagnosis.Model;

namespace Peeps.Diagnosis.Reports;

/// <summary>Turns graph nodes into the views answers carry, with a short human state of each entity.</summary>
public static class NodeViews
{
    public static NodeView Of(WaitGraph graph, int node)
    {
        var entity = graph.Entity(node);
        var process = graph.Process(node).Process;
        return new NodeView(process.ConnId, process.ProcessName, process.Pid, entity.Id, entity.Name, entity.Kind,
            State(entity, graph.IsBlocked(node), graph.InDegree[node] > 0), graph.AgeMs(node), entity.Source);
    }

    public static EdgeView Edge(WaitGraph graph, int from, int to, WaitEdgeKind kind) => new(
        graph.Process(from).Process.ConnId, graph.Entity(from).Id,
        graph.Process(to).Process.ConnId, graph.Entity(to).Id,
        KindName(kind), kind != WaitEdgeKind.Needs, graph.EdgeAgeMs(from, to));

    public static string KindName(WaitEdgeKind kind) => kind switch
    {
        WaitEdgeKind.Needs => "needs",
        WaitEdgeKind.Rpc => "rpc",
        _ => "works_on",
    };

    /// <summary>What the body says (channel lifecycle and fill, response status, permits), then whether it waits.</summary>
    public static string State(EntityInfo entity, bool blocked, bool waitedOn)
    {
        var facts = entity.Facts;
        var parts = new List<string>(3);
        if (facts.Lifecycle is { } lifecycle) parts.Add(facts.IsClosed ? $"closed ({lifecycle})" : lifecycle);
        if (facts.Capacity is { } capacity) parts.Add(facts.IsAtCapacity ? $"{facts.Occupancy}/{capacity} full" : $"{facts.Occupancy ?? 0}/{capacity}");
        else if (facts.Occupancy is { } occupancy) parts.Add($"{occupancy} queued");
        if (facts.Status is { } status) parts.Add(status);
        else if (entity.Kind == "response") parts.Add("pending");
        if (facts.MaxPermits is { } max) parts.Add($"{facts.HandedOutPermits ?? 0}/{max} permits");
        parts.Add(blocked ? "waiting" : waitedOn ? "waited on" : "idle");
        return string.Join(", ", parts);
    }
}
