using Peeps.Diagnosis.Reports;
using Spectre.Console;
using static Peeps.Cli.Output.NodeLabels;

namespace Peeps.Cli.Output;

/// <summary>
/// <c>peeps why</c> for a terminal: a one-line summary, each deadlock walked round its cycle, then the top wait
/// chains as trees. Every entity is named with its process, and a step into another process says so.
/// </summary>
public static class DiagnosisWriter
{
    public static void Write(DiagnosisReport report, int maxChains, IAnsiConsole console)
    {
        var s = report.Summary;
        Line(console, $"snapshot {report.SnapshotId}: {Plural(s.Processes, "process", "processes")}, {Plural(s.Entities, "entity", "entities")}, "
            + $"{Plural(s.WaitEdges, "wait edge")} ({s.InferredEdges} inferred), {s.BlockedEntities} blocked");
        if (report.UnansweredProcesses.Count > 0)
            Line(console, "did not answer: " + string.Join(", ", report.UnansweredProcesses.Select(p => $"{Process(p.ProcessName, p.ConnId)} (pid {p.Pid})")), "yellow");

        if (report.Deadlocks.Count == 0) Line(console, "no deadlock", "green");
        foreach (var deadlock in report.Deadlocks) WriteDeadlock(deadlock, console);

        var shown = report.WaitChains.Take(maxChains).ToList();
        if (s.WaitChains == 0) Line(console, "nothing is waiting");
        else if (shown.Count > 0) console.WriteLine();
        for (var i = 0; i < shown.Count; i++) WriteChain(shown[i], i + 1, s.WaitChains, console);
        if (s.WaitChains > shown.Count) Line(console, $"{s.WaitChains - shown.Count} more wait chain(s) not shown (--chains, or --format json for all the server sent)");

        var warnings = s.WarningsById.Where(w => w.Value > 0).Select(w => $"{w.Key} {w.Value}").ToList();
        if (warnings.Count > 0 || s.UnresolvedRpcLinks > 0) console.WriteLine();
        if (warnings.Count > 0) Line(console, "warnings: " + string.Join(", ", warnings), "yellow");
        if (s.UnresolvedRpcLinks > 0) Line(console, $"unresolved rpc links: {s.UnresolvedRpcLinks} (a caller not in the snapshot, or ambiguous)", "yellow");
    }

    private static void WriteDeadlock(DeadlockReport deadlock, IAnsiConsole console)
    {
        console.WriteLine();
        var processes = deadlock.Members.Select(m => Process(m.ProcessName, m.ConnId)).Distinct().ToList();
        var across = deadlock.CrossesProcesses ? $"across {Plural(processes.Count, "process", "processes")} ({string.Join(", ", processes)})" : $"in {processes[0]}";
        Line(console, $"DEADLOCK {deadlock.Id}: {deadlock.Confidence}, {across}, {Plural(deadlock.MemberCount, "member")}, "
            + $"stuck for at least {Duration(deadlock.BlockedForMs)}", "red bold");
        foreach (var reason in deadlock.Reasons) Line(console, $"  may be woken: {reason}", "yellow");

        var nodes = deadlock.Members.ToDictionary(m => (m.ConnId, m.EntityId));
        var (path, closing) = Cycle(deadlock, nodes.Keys.ToHashSet());
        Line(console, "  " + Node(nodes[path[0]]));
        for (var i = 1; i < path.Count; i++) Line(console, "  " + Step(path[i - 1], path[i], deadlock) + Node(nodes[path[i]]));
        if (closing is { } back) Line(console, "  " + Step(path[^1], back, deadlock) + "back to " + Node(nodes[back]));

        var onPath = path.ToHashSet();
        foreach (var other in deadlock.Members.Where(m => !onPath.Contains((m.ConnId, m.EntityId))))
            Line(console, "  also in the cycle: " + Node(other));
        if (deadlock.Truncated) Line(console, "  (members or edges cut at the server's bound; --format json has what it sent)");
    }

    /// <summary>
    /// A walk round the deadlock from its first member, taking an edge to an unvisited member while there is one:
    /// for the usual simple cycle that is the whole loop, in order, ending with the edge back to where it started.
    /// </summary>
    private static (List<(long, string)> Path, (long, string)? Closing) Cycle(DeadlockReport deadlock, HashSet<(long, string)> members)
    {
        var next = deadlock.Edges
            .Where(e => members.Contains((e.FromConnId, e.FromEntityId)) && members.Contains((e.ToConnId, e.ToEntityId)))
            .ToLookup(e => (e.FromConnId, e.FromEntityId), e => (e.ToConnId, e.ToEntityId));
        var start = (deadlock.Members[0].ConnId, deadlock.Members[0].EntityId);
        var path = new List<(long, string)> { start };
        var visited = new HashSet<(long, string)> { start };
        var current = start;
        while (true)
        {
            var targets = next[current].ToList();
            var unvisited = targets.Where(t => !visited.Contains(t)).ToList();
            if (unvisited.Count == 0)
                return (path, targets.Count == 0 ? null : targets.Contains(start) ? start : targets[0]);
            current = unvisited[0];
            visited.Add(current);
            path.Add(current);
        }
    }

    private static string Step((long ConnId, string EntityId) from, (long ConnId, string EntityId) to, DeadlockReport deadlock)
    {
        var edge = deadlock.Edges.First(e => (e.FromConnId, e.FromEntityId) == from && (e.ToConnId, e.ToEntityId) == to);
        return Link(edge.Kind, edge.Inferred, edge.WaitMs, from.ConnId != to.ConnId);
    }

    private static string Link(string kind, bool inferred, long? waitMs, bool hop) =>
        $"{Kind(kind, inferred)} {Duration(waitMs)} {(hop ? "=> PROCESS HOP => " : "-> ")}";

    private static void WriteChain(WaitChainReport chain, int number, int total, IAnsiConsole console)
    {
        var ends = chain.EndsIn switch
        {
            "deadlock" => $"ends in deadlock {string.Join(", ", chain.DeadlockIds)}",
            "root_blocker" => "ends at " + string.Join(", ", chain.Roots.Select(r => r.Reason).Distinct()),
            "mixed" => $"ends in deadlock {string.Join(", ", chain.DeadlockIds)} and at " + string.Join(", ", chain.Roots.Select(r => r.Reason).Distinct()),
            var other => $"ends at the {other}",
        };
        Line(console, $"WAIT CHAIN {number} of {total}: blocked {Duration(chain.BlockedForMs)}, depth {chain.Depth}, "
            + $"{Plural(chain.ProcessHops, "process hop")}, {ends}{(chain.Truncated ? " (cut at a bound)" : "")}", "bold");
        WriteTree(chain.Tree, "  ", "  ", console);
    }

    private static void WriteTree(ChainNode node, string lead, string indent, IAnsiConsole console)
    {
        var link = node.Via is { } via ? Link(via.Kind, via.Inferred, via.WaitMs, via.ProcessHop) : "";
        var end = node switch
        {
            { DeadlockId: { } id } => $"  <- in DEADLOCK {id}",
            { Root: { } root } => $"  <- ROOT BLOCKER: {root}",
            { CutBy: { } bound } => $"  ... cut by the {bound} bound",
            _ => "",
        };
        var colour = node.DeadlockId is not null ? "red" : node.Root is not null ? "yellow" : node.Via?.ProcessHop == true ? "magenta" : null;
        Line(console, lead + link + Node(node.Entity) + end, colour);
        for (var i = 0; i < node.WaitsOn.Count; i++)
        {
            var last = i == node.WaitsOn.Count - 1;
            WriteTree(node.WaitsOn[i], indent + (last ? "└─ " : "├─ "), indent + (last ? "   " : "│  "), console);
        }
    }

    private static void Line(IAnsiConsole console, string text, string? style = null) =>
        console.MarkupLine(style is null ? Markup.Escape(text) : $"[{style}]{Markup.Escape(text)}[/]");
}
