using Peeps.Diagnosis.Graph;
using Peeps.Diagnosis.Model;
using Peeps.Diagnosis.Reports;

namespace Peeps.Diagnosis.Warnings;

/// <summary>
/// The lints of a snapshot. Each rule records small findings (rule, age, the nodes concerned); only the ones that fit
/// the answer's bound are described, so a snapshot with a hundred thousand long waits costs a sort of small values,
/// not a hundred thousand messages.
/// </summary>
public static class WarningFinder
{
    private const int LongWait = 0, ChannelFull = 1, RequestUnanswered = 2, ProcessDidNotAnswer = 3, ClosedChannelWait = 4, HolderWaiting = 5;

    /// <summary>One finding: the rule's index in <see cref="WarningIds.All"/>, its age (-1: none), up to three nodes, or many.</summary>
    private readonly record struct Finding(int Rule, long Age, int A, int B = -1, int C = -1, int[]? Many = null)
    {
        public int[] Nodes => Many ?? (C >= 0 ? [A, B, C] : B >= 0 ? [A, B] : [A]);
    }

    public static (IReadOnlyList<WarningReport> Warnings, IReadOnlyDictionary<string, int> Counts) Find(
        WaitGraph graph, DiagnosisSettings settings, SnapshotDocument? previous = null)
    {
        var findings = new List<Finding>();
        LongWaits(graph, settings, findings);
        FullChannels(graph, settings, previous, findings);
        UnansweredRequests(graph, settings, findings);
        SilentProcesses(graph, findings);
        ClosedChannelWaits(graph, findings);
        WaitingHolders(graph, findings);

        var counts = new int[WarningIds.All.Count];
        foreach (var finding in findings) counts[finding.Rule]++;
        // Rule order, then oldest first, then document order: deterministic for the same snapshot.
        findings.Sort((x, y) => x.Rule != y.Rule ? x.Rule.CompareTo(y.Rule) : x.Age != y.Age ? y.Age.CompareTo(x.Age) : x.A.CompareTo(y.A));
        var reports = findings.Take(settings.MaxWarnings).Select(f => Describe(graph, settings, f)).ToList();
        return (reports, WarningIds.All.Select((id, rule) => (id, rule)).ToDictionary(p => p.id, p => counts[p.rule]));
    }

    private static WarningReport Describe(WaitGraph graph, DiagnosisSettings settings, Finding f)
    {
        var silent = graph.Document.Unanswered;
        var (threshold, message) = f.Rule switch
        {
            LongWait => (settings.LongWait, $"{Name(graph, f.A)} has waited {f.Age} ms on {Name(graph, f.B)}"),
            ChannelFull => (settings.ChannelFull, $"{Name(graph, f.A)} has been full ({graph.Entity(f.A).Facts.Occupancy}/{graph.Entity(f.A).Facts.Capacity}) for at least {f.Age} ms"),
            RequestUnanswered => (settings.RequestUnanswered, f.B >= 0
                ? $"{Name(graph, f.A)} has had no response for {f.Age} ms (its callee's response is still pending)"
                : $"{Name(graph, f.A)} has had no response for {f.Age} ms (no callee in the snapshot has it)"),
            ProcessDidNotAnswer => ((TimeSpan?)null,
                $"{f.Many!.Length} request(s) are waited on with no callee in the snapshot, and {string.Join(", ", silent.Select(p => $"{p.ProcessName} (conn {p.ConnId}, pid {p.Pid})"))} did not answer it"),
            ClosedChannelWait => (null, $"{Name(graph, f.A)} waits on {Name(graph, f.B)}, but the channel is closed ({graph.Entity(f.C >= 0 ? f.C : f.B).Facts.Lifecycle})"),
            _ => (null, $"{Name(graph, f.A)} is held by {Name(graph, f.B)}, which is itself waiting on {Name(graph, f.C)}"),
        };
        return new WarningReport(WarningIds.All[f.Rule], message, f.Age >= 0 ? f.Age : null,
            threshold is { } t ? (long)t.TotalMilliseconds : null,
            [.. f.Nodes.Select(n => NodeViews.Of(graph, n))],
            f.Rule == ProcessDidNotAnswer ? silent : []);
    }

    private static void LongWaits(WaitGraph graph, DiagnosisSettings settings, List<Finding> findings)
    {
        var threshold = (long)settings.LongWait.TotalMilliseconds;
        for (var from = 0; from < graph.NodeCount; from++)
        {
            for (var e = graph.Start[from]; e < graph.Start[from + 1]; e++)
            {
                if (graph.Kinds[e] != WaitEdgeKind.Needs) continue;
                var to = graph.Targets[e];
                if (graph.EdgeAgeMs(from, to) is { } age && age >= threshold) findings.Add(new Finding(LongWait, age, from, to));
            }
        }
    }

    /// <summary>
    /// A bounded channel at capacity: for how long is the age of its oldest waiting sender, or, where the previous
    /// snapshot already saw the same end full, at least the time between the two snapshots.
    /// </summary>
    private static void FullChannels(WaitGraph graph, DiagnosisSettings settings, SnapshotDocument? previous, List<Finding> findings)
    {
        var threshold = (long)settings.ChannelFull.TotalMilliseconds;
        var fullBefore = previous is null ? null : FullEnds(previous);
        var between = previous is null ? 0 : graph.Document.CapturedAtUnixMs - previous.CapturedAtUnixMs;
        long[]? oldestWaiter = null;

        for (var node = 0; node < graph.NodeCount; node++)
        {
            var entity = graph.Entity(node);
            if (entity.Kind is not ("channel_tx" or "channel_rx") || !entity.Facts.IsAtCapacity) continue;
            // Both ends of one channel carry its buffer: report it once, on the sender.
            if (entity.Kind == "channel_rx" && graph.Channels.OtherEnds(node).Any(tx => graph.Entity(tx).Facts.IsAtCapacity)) continue;
            oldestWaiter ??= OldestWaiters(graph);
            var age = oldestWaiter[node];
            foreach (var other in graph.Channels.OtherEnds(node)) age = Math.Max(age, oldestWaiter[other]);
            if (fullBefore?.Contains((graph.Process(node).Process.ConnId, entity.Id)) == true) age = Math.Max(age, between);
            if (age >= threshold) findings.Add(new Finding(ChannelFull, age, node));
        }
    }

    private static long[] OldestWaiters(WaitGraph graph)
    {
        var oldest = new long[graph.NodeCount];
        for (var from = 0; from < graph.NodeCount; from++)
            for (var e = graph.Start[from]; e < graph.Start[from + 1]; e++)
                if (graph.EdgeAgeMs(from, graph.Targets[e]) is { } age)
                    oldest[graph.Targets[e]] = Math.Max(oldest[graph.Targets[e]], age);
        return oldest;
    }

    private static HashSet<(long, string)> FullEnds(SnapshotDocument document) =>
    [
        .. document.Processes.SelectMany(p => p.Entities
            .Where(e => e.Kind is "channel_tx" or "channel_rx" && e.Facts.IsAtCapacity)
            .Select(e => (p.Process.ConnId, e.Id))),
    ];

    private static void UnansweredRequests(WaitGraph graph, DiagnosisSettings settings, List<Finding> findings)
    {
        var threshold = (long)settings.RequestUnanswered.TotalMilliseconds;
        for (var node = 0; node < graph.NodeCount; node++)
        {
            if (graph.Entity(node).Kind != "request" || graph.AgeMs(node) is not { } age || age < threshold) continue;
            var response = FirstResponse(graph, node);
            if (response >= 0 && graph.Entity(response).Facts.Status is { } status && status != "pending") continue;
            findings.Add(new Finding(RequestUnanswered, age, node, response));
        }
    }

    private static void SilentProcesses(WaitGraph graph, List<Finding> findings)
    {
        if (graph.Document.Unanswered.Count == 0) return;
        var waitedOn = Enumerable.Range(0, graph.NodeCount)
            .Where(n => graph.Entity(n).Kind == "request" && graph.InDegree[n] > 0 && FirstResponse(graph, n) < 0)
            .ToArray();
        if (waitedOn.Length > 0) findings.Add(new Finding(ProcessDidNotAnswer, -1, waitedOn[0], Many: waitedOn));
    }

    private static void ClosedChannelWaits(WaitGraph graph, List<Finding> findings)
    {
        for (var from = 0; from < graph.NodeCount; from++)
        {
            for (var e = graph.Start[from]; e < graph.Start[from + 1]; e++)
            {
                var end = graph.Targets[e];
                if (graph.Entity(end).Kind is not ("channel_tx" or "channel_rx")) continue;
                if (graph.Entity(end).Facts.IsClosed)
                {
                    findings.Add(new Finding(ClosedChannelWait, graph.EdgeAgeMs(from, end) ?? -1, from, end));
                    continue;
                }
                var closed = graph.Channels.OtherEnds(end).FirstOrDefault(o => graph.Entity(o).Facts.IsClosed, -1);
                if (closed >= 0) findings.Add(new Finding(ClosedChannelWait, graph.EdgeAgeMs(from, end) ?? -1, from, end, closed));
            }
        }
    }

    private static void WaitingHolders(WaitGraph graph, List<Finding> findings)
    {
        for (var from = 0; from < graph.NodeCount; from++)
        {
            if (graph.Entity(from).Kind is not ("lock" or "semaphore")) continue;
            for (var e = graph.Start[from]; e < graph.Start[from + 1]; e++)
            {
                var holder = graph.Targets[e];
                if (!graph.IsBlocked(holder)) continue;
                var blocker = graph.Targets[graph.Start[holder]];
                findings.Add(new Finding(HolderWaiting, graph.EdgeAgeMs(holder, blocker) ?? -1, from, holder, blocker));
            }
        }
    }

    /// <summary>The first response joined to a request by an rpc link, or -1.</summary>
    private static int FirstResponse(WaitGraph graph, int request)
    {
        for (var e = graph.Start[request]; e < graph.Start[request + 1]; e++)
            if (graph.Kinds[e] == WaitEdgeKind.Rpc) return graph.Targets[e];
        return -1;
    }

    private static string Name(WaitGraph graph, int node)
    {
        var entity = graph.Entity(node);
        return $"{entity.Kind} '{entity.Name}' ({entity.Id} in {graph.Process(node).Process.ProcessName})";
    }
}
