using Peeps.Diagnosis.Diff;
using Peeps.Diagnosis.Reports;
using Spectre.Console;
using static Peeps.Cli.Output.NodeLabels;

namespace Peeps.Cli.Output;

/// <summary>
/// <c>peeps diff</c> for a terminal: the counts, then what appeared, went, changed, and the line between stuck and
/// slow: waits that resolved in between (slow) and waits present in both (stuck), each list cut at a limit.
/// </summary>
public static class DiffWriter
{
    public static void Write(SnapshotDiff diff, int limit, IAnsiConsole console)
    {
        var s = diff.Summary;
        var names = ProcessNames(diff);
        console.WriteLine($"snapshot {diff.FromSnapshotId} -> {diff.ToSnapshotId}, {Duration(diff.IntervalMs)} apart");
        console.WriteLine($"processes: {diff.ProcessesAdded.Count} appeared, {diff.ProcessesRemoved.Count} gone");
        console.WriteLine($"entities: {s.EntitiesAdded} appeared, {s.EntitiesRemoved} gone, {s.EntitiesChanged} changed");
        console.WriteLine($"wait edges: {s.WaitEdgesAdded} added, {s.WaitEdgesRemoved} removed");
        console.MarkupLine(s.StillBlocked > 0
            ? $"[red]still blocked: {Plural(s.StillBlocked, "wait")} in both snapshots (stuck, not slow)[/]"
            : "[green]still blocked: nothing waits in both snapshots[/]");
        console.WriteLine($"deadlocks: {s.DeadlocksBefore} before, {s.DeadlocksAfter} after, {s.DeadlocksResolved} resolved");

        Section(console, "processes appeared", diff.ProcessesAdded, limit, p => $"{Process(p.ProcessName, p.ConnId)} (pid {p.Pid})");
        Section(console, "processes gone", diff.ProcessesRemoved, limit, p => $"{Process(p.ProcessName, p.ConnId)} (pid {p.Pid})");
        Section(console, "entities appeared", diff.EntitiesAdded, limit, Node);
        Section(console, "entities gone", diff.EntitiesRemoved, limit, Node);
        Section(console, "entities changed", diff.EntitiesChanged, limit,
            c => $"{Process(c.Entity.ProcessName, c.Entity.ConnId)} {c.Entity.Kind} \"{c.Entity.Name}\" {c.Entity.EntityId}: {c.StateBefore} -> {c.Entity.State}");
        Section(console, "waits that ended (slow, not stuck)", diff.WaitEdgesRemoved, limit, e => Edge(e, names));
        Section(console, "waits that began", diff.WaitEdgesAdded, limit, e => Edge(e, names));
        Section(console, "still blocked (stuck)", diff.StillBlocked, limit,
            b => $"{Node(b.Waiter)} {b.Kind} -> {Node(b.WaitsOn)}, waiting {Duration(b.WaitMsBefore)} then {Duration(b.WaitMsAfter)}");
        Section(console, "deadlocks", diff.Deadlocks, limit,
            d => $"{d.Change}: {string.Join(", ", d.Members.Select(m => $"{Process(m.ProcessName, m.ConnId)} \"{m.Name}\" {m.EntityId}"))}");
        if (diff.Truncated) console.WriteLine("(some lists were cut at the server's bound; the counts above are whole)");
    }

    private static void Section<T>(IAnsiConsole console, string title, IReadOnlyList<T> items, int limit, Func<T, string> line)
    {
        if (items.Count == 0) return;
        console.WriteLine();
        console.WriteLine($"{title}:");
        foreach (var item in items.Take(limit)) console.WriteLine("  " + line(item));
        if (items.Count > limit) console.WriteLine($"  ... {items.Count - limit} more (--limit, or --format json)");
    }

    /// <summary>An edge names only conn ids; the process names come from the entities the diff lists elsewhere.</summary>
    private static string Edge(EdgeView edge, IReadOnlyDictionary<long, string> names) =>
        $"{Ref(edge.FromConnId, edge.FromEntityId, names)} {Kind(edge.Kind, edge.Inferred)} -> {Ref(edge.ToConnId, edge.ToEntityId, names)}";

    private static string Ref(long connId, string entityId, IReadOnlyDictionary<long, string> names) =>
        $"{Process(names.GetValueOrDefault(connId, "conn"), connId)} {entityId}";

    private static Dictionary<long, string> ProcessNames(SnapshotDiff diff)
    {
        var names = new Dictionary<long, string>();
        IEnumerable<NodeView> nodes = [
            .. diff.EntitiesAdded, .. diff.EntitiesRemoved, .. diff.EntitiesChanged.Select(c => c.Entity),
            .. diff.StillBlocked.SelectMany(b => new[] { b.Waiter, b.WaitsOn }), .. diff.Deadlocks.SelectMany(d => d.Members),
        ];
        foreach (var node in nodes) names.TryAdd(node.ConnId, node.ProcessName);
        foreach (var process in diff.ProcessesAdded.Concat(diff.ProcessesRemoved)) names.TryAdd(process.ConnId, process.ProcessName);
        return names;
    }
}
