using System.Text.Json.Nodes;
using Peeps.Diagnosis.Graph;
using Peeps.Diagnosis.Reports;

namespace Peeps.Diagnosis.Diff;

/// <summary>Compares two snapshots' graphs. Every list is sorted by process, then entity id, so the answer is deterministic.</summary>
public static class SnapshotDiffer
{
    public static SnapshotDiff Diff(WaitGraph from, WaitGraph to, DiagnosisSettings settings)
    {
        var before = Index(from);
        var after = Index(to);
        var added = after.Keys.Where(k => !before.ContainsKey(k)).Order().Select(k => after[k]).ToList();
        var removed = before.Keys.Where(k => !after.ContainsKey(k)).Order().Select(k => before[k]).ToList();
        var changed = before.Keys
            .Where(k => after.TryGetValue(k, out var node) && from.Entity(before[k]).BodyJson != to.Entity(node).BodyJson)
            .Order()
            .ToList();

        var edgesBefore = Edges(from);
        var edgesAfter = Edges(to);
        var edgesAdded = edgesAfter.Keys.Where(k => !edgesBefore.ContainsKey(k)).Order().ToList();
        var edgesRemoved = edgesBefore.Keys.Where(k => !edgesAfter.ContainsKey(k)).Order().ToList();
        var still = edgesBefore.Keys.Where(edgesAfter.ContainsKey).Order().ToList();
        var deadlocks = DeadlockChanges(from, to, settings);

        var max = settings.MaxDiffItems;
        var truncated = new[] { added.Count, removed.Count, changed.Count, edgesAdded.Count, edgesRemoved.Count, still.Count }.Any(n => n > max);
        var processesBefore = from.Document.Processes.Select(p => p.Process).ToList();
        var processesAfter = to.Document.Processes.Select(p => p.Process).ToList();
        return new SnapshotDiff(
            from.Document.SnapshotId,
            to.Document.SnapshotId,
            to.Document.CapturedAtUnixMs - from.Document.CapturedAtUnixMs,
            new DiffSummary(added.Count, removed.Count, changed.Count, edgesAdded.Count, edgesRemoved.Count, still.Count,
                deadlocks.Count(d => d.Change != "new"), deadlocks.Count(d => d.Change != "resolved"), deadlocks.Count(d => d.Change == "resolved")),
            [.. processesAfter.Where(p => !processesBefore.Any(b => b.ConnId == p.ConnId)).OrderBy(p => p.ConnId)],
            [.. processesBefore.Where(p => !processesAfter.Any(a => a.ConnId == p.ConnId)).OrderBy(p => p.ConnId)],
            [.. added.Take(max).Select(n => NodeViews.Of(to, n))],
            [.. removed.Take(max).Select(n => NodeViews.Of(from, n))],
            [.. changed.Take(max).Select(k => Change(from, before[k], to, after[k]))],
            [.. edgesAdded.Take(max).Select(k => edgesAfter[k])],
            [.. edgesRemoved.Take(max).Select(k => edgesBefore[k])],
            [.. still.Take(max).Select(k => Still(from, to, after, k, edgesBefore[k], edgesAfter[k]))],
            deadlocks,
            truncated);
    }

    private static EntityChange Change(WaitGraph from, int before, WaitGraph to, int after) => new(
        NodeViews.Of(to, after),
        NodeViews.Of(from, before).State,
        JsonNode.Parse(from.Entity(before).BodyJson),
        JsonNode.Parse(to.Entity(after).BodyJson));

    private static StillBlocked Still(WaitGraph from, WaitGraph to, Dictionary<Key, int> after, EdgeKey key, EdgeView before, EdgeView now) => new(
        NodeViews.Of(to, after[key.From]),
        NodeViews.Of(to, after[key.To]),
        now.Kind,
        before.WaitMs,
        now.WaitMs);

    /// <summary>Deadlocks matched by their member sets: one of <c>from</c> persists if all its members are still deadlocked together.</summary>
    private static List<DeadlockChange> DeadlockChanges(WaitGraph from, WaitGraph to, DiagnosisSettings settings)
    {
        var before = Diagnoser.Analyze(from, settings);
        var after = Diagnoser.Analyze(to, settings);
        var afterIndex = Index(to);
        var changes = new List<DeadlockChange>();
        var matched = new HashSet<int>();
        foreach (var deadlock in before.Deadlocks)
        {
            var ids = deadlock.Members
                .Select(m => afterIndex.TryGetValue(new Key(m.ConnId, m.EntityId), out var n) ? after.DeadlockOf[n] : 0)
                .Distinct()
                .ToList();
            if (ids is [> 0 and var same])
            {
                matched.Add(same);
                changes.Add(new DeadlockChange("persisting", deadlock.Id, same, deadlock.Members));
            }
            else
            {
                changes.Add(new DeadlockChange("resolved", deadlock.Id, null, deadlock.Members));
            }
        }
        changes.AddRange(after.Deadlocks.Where(d => !matched.Contains(d.Id)).Select(d => new DeadlockChange("new", null, d.Id, d.Members)));
        return changes;
    }

    private readonly record struct Key(long ConnId, string EntityId) : IComparable<Key>
    {
        public int CompareTo(Key other) =>
            ConnId != other.ConnId ? ConnId.CompareTo(other.ConnId) : string.CompareOrdinal(EntityId, other.EntityId);
    }

    private readonly record struct EdgeKey(Key From, Key To, string Kind) : IComparable<EdgeKey>
    {
        public int CompareTo(EdgeKey other)
        {
            var c = From.CompareTo(other.From);
            if (c == 0) c = To.CompareTo(other.To);
            return c != 0 ? c : string.CompareOrdinal(Kind, other.Kind);
        }
    }

    private static Dictionary<Key, int> Index(WaitGraph graph)
    {
        var index = new Dictionary<Key, int>(graph.NodeCount);
        for (var node = 0; node < graph.NodeCount; node++)
            index.TryAdd(new Key(graph.Process(node).Process.ConnId, graph.Entity(node).Id), node);
        return index;
    }

    private static Dictionary<EdgeKey, EdgeView> Edges(WaitGraph graph)
    {
        var edges = new Dictionary<EdgeKey, EdgeView>(graph.EdgeCount);
        for (var from = 0; from < graph.NodeCount; from++)
        {
            for (var e = graph.Start[from]; e < graph.Start[from + 1]; e++)
            {
                var view = NodeViews.Edge(graph, from, graph.Targets[e], graph.Kinds[e]);
                edges.TryAdd(new EdgeKey(new Key(view.FromConnId, view.FromEntityId), new Key(view.ToConnId, view.ToEntityId), view.Kind), view);
            }
        }
        return edges;
    }
}
