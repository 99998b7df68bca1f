using Peeps.Diagnosis.Graph;
using Peeps.Diagnosis.Model;
using Peeps.Diagnosis.Reports;

namespace Peeps.Diagnosis.Warnings;

/// <summary>
/// The lints of a snapshot. Each rule yields lightweight findings; only the ones that fit the answer's bound are
/// turned into reports, so a snapshot with a hundred thousand long waits costs no more than the bound to describe.
/// </summary>
public static class WarningFinder
{
    private sealed record Finding(string Id, long? AgeMs, long? ThresholdMs, int[] Nodes, IReadOnlyList<ProcessRef> Processes, Func<string> Message);

    public static (IReadOnlyList<WarningReport> Warnings, IReadOnlyDictionary<string, int> Counts) Find(
        WaitGraph graph, DiagnosisSettings settings, SnapshotDocument? previous = null)
    {
        var findings = LongWaits(graph, settings)
            .Concat(FullChannels(graph, settings, previous))
            .Concat(UnansweredRequests(graph, settings))
            .Concat(SilentProcesses(graph))
            .Concat(ClosedChannelWaits(graph))
            .Concat(WaitingHolders(graph))
            .ToList();
        var rank = WarningIds.All.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i);
        var counts = WarningIds.All.ToDictionary(id => id, id => findings.Count(f => f.Id == id));
        var reports = findings
            .OrderBy(f => rank[f.Id])
            .ThenByDescending(f => f.AgeMs ?? -1)
            .ThenBy(f => graph.Process(f.Nodes[0]).Process.ConnId)
            .ThenBy(f => graph.Entity(f.Nodes[0]).Id, StringComparer.Ordinal)
            .Take(settings.MaxWarnings)
            .Select(f => new WarningReport(f.Id, f.Message(), f.AgeMs, f.ThresholdMs,
                [.. f.Nodes.Select(n => NodeViews.Of(graph, n))], f.Processes))
            .ToList();
        return (reports, counts);
    }

    private static IEnumerable<Finding> LongWaits(WaitGraph graph, DiagnosisSettings settings)
    {
        var threshold = (long)settings.LongWait.TotalMilliseconds;
        for (var from = 0; from < graph.NodeCount; from++)
        {
            for (var e = graph.Start[from]; e < graph.Start[from + 1]; e++)
            {
                if (graph.Kinds[e] != WaitEdgeKind.Needs) continue;
                var to = graph.Targets[e];
                if (graph.EdgeAgeMs(from, to) is not { } age || age < threshold) continue;
                var (waiter, waited) = (from, to);
                yield return new Finding(WarningIds.LongWait, age, threshold, [waiter, waited], [],
                    () => $"{Name(graph, waiter)} has waited {age} ms on {Name(graph, waited)}");
            }
        }
    }

    /// <summary>
    /// A bounded channel at capacity: for how long is the age of its oldest waiting sender, or, where the previous
    /// snapshot already saw the same end full, at least the time between the two snapshots.
    /// </summary>
    private static IEnumerable<Finding> FullChannels(WaitGraph graph, DiagnosisSettings settings, SnapshotDocument? previous)
    {
        var threshold = (long)settings.ChannelFull.TotalMilliseconds;
        var oldestWaiter = new long[graph.NodeCount];
        for (var from = 0; from < graph.NodeCount; from++)
            for (var e = graph.Start[from]; e < graph.Start[from + 1]; e++)
                if (graph.EdgeAgeMs(from, graph.Targets[e]) is { } age)
                    oldestWaiter[graph.Targets[e]] = Math.Max(oldestWaiter[graph.Targets[e]], age);
        var fullBefore = previous is null ? null : FullEnds(previous);
        var between = previous is null ? 0 : graph.Document.CapturedAtUnixMs - previous.CapturedAtUnixMs;

        for (var node = 0; node < graph.NodeCount; node++)
        {
            var entity = graph.Entity(node);
            if (entity.Kind is not ("channel_tx" or "channel_rx") || !entity.Facts.IsAtCapacity) continue;
            // Both ends of one channel carry its buffer: report it once, on the sender.
            if (entity.Kind == "channel_rx" && graph.Channels.OtherEnds(node).Any(tx => graph.Entity(tx).Facts.IsAtCapacity)) continue;
            var age = Math.Max(oldestWaiter[node], graph.Channels.OtherEnds(node).Select(o => oldestWaiter[o]).DefaultIfEmpty(0).Max());
            if (fullBefore?.Contains((graph.Process(node).Process.ConnId, entity.Id)) == true) age = Math.Max(age, between);
            if (age < threshold) continue;
            var full = node;
            yield return new Finding(WarningIds.ChannelFull, age, threshold, [full], [],
                () => $"{Name(graph, full)} has been full ({entity.Facts.Occupancy}/{entity.Facts.Capacity}) for at least {age} ms");
        }
    }

    private static HashSet<(long, string)> FullEnds(SnapshotDocument document) =>
    [
        .. document.Processes.SelectMany(p => p.Entities
            .Where(e => e.Kind is "channel_tx" or "channel_rx" && e.Facts.IsAtCapacity)
            .Select(e => (p.Process.ConnId, e.Id))),
    ];

    private static IEnumerable<Finding> UnansweredRequests(WaitGraph graph, DiagnosisSettings settings)
    {
        var threshold = (long)settings.RequestUnanswered.TotalMilliseconds;
        for (var node = 0; node < graph.NodeCount; node++)
        {
            if (graph.Entity(node).Kind != "request" || graph.AgeMs(node) is not { } age || age < threshold) continue;
            var response = Responses(graph, node).FirstOrDefault(-1);
            if (response >= 0 && graph.Entity(response).Facts.Status is { } status && status != "pending") continue;
            var request = node;
            int[] nodes = response >= 0 ? [request, response] : [request];
            yield return new Finding(WarningIds.RequestUnanswered, age, threshold, nodes, [], () => response >= 0
                ? $"{Name(graph, request)} has had no response for {age} ms (its callee's response is still pending)"
                : $"{Name(graph, request)} has had no response for {age} ms (no callee in the snapshot has it)");
        }
    }

    private static IEnumerable<Finding> SilentProcesses(WaitGraph graph)
    {
        var silent = graph.Document.Unanswered;
        if (silent.Count == 0) yield break;
        var waitedOn = Enumerable.Range(0, graph.NodeCount)
            .Where(n => graph.Entity(n).Kind == "request" && graph.InDegree[n] > 0 && !Responses(graph, n).Any())
            .ToArray();
        if (waitedOn.Length == 0) yield break;
        var names = string.Join(", ", silent.Select(p => $"{p.ProcessName} (conn {p.ConnId}, pid {p.Pid})"));
        yield return new Finding(WarningIds.ProcessDidNotAnswer, null, null, waitedOn, silent, () =>
            $"{waitedOn.Length} request(s) are waited on with no callee in the snapshot, and {names} did not answer it");
    }

    private static IEnumerable<Finding> ClosedChannelWaits(WaitGraph graph)
    {
        for (var from = 0; from < graph.NodeCount; from++)
        {
            for (var e = graph.Start[from]; e < graph.Start[from + 1]; e++)
            {
                var end = graph.Targets[e];
                if (graph.Entity(end).Kind is not ("channel_tx" or "channel_rx")) continue;
                var closed = graph.Entity(end).Facts.IsClosed ? end : graph.Channels.OtherEnds(end).FirstOrDefault(o => graph.Entity(o).Facts.IsClosed, -1);
                if (closed < 0) continue;
                var (waiter, waited) = (from, end);
                int[] nodes = closed == end ? [waiter, end] : [waiter, end, closed];
                yield return new Finding(WarningIds.ClosedChannelWait, graph.EdgeAgeMs(from, end), null, nodes, [],
                    () => $"{Name(graph, waiter)} waits on {Name(graph, waited)}, but the channel is closed ({graph.Entity(closed).Facts.Lifecycle})");
            }
        }
    }

    private static IEnumerable<Finding> WaitingHolders(WaitGraph graph)
    {
        for (var from = 0; from < graph.NodeCount; from++)
        {
            if (graph.Entity(from).Kind is not ("lock" or "semaphore")) continue;
            for (var e = graph.Start[from]; e < graph.Start[from + 1]; e++)
            {
                var holder = graph.Targets[e];
                if (!graph.IsBlocked(holder)) continue;
                var (held, blocker) = (from, graph.Targets[graph.Start[holder]]);
                yield return new Finding(WarningIds.HolderWaiting, graph.EdgeAgeMs(holder, blocker), null, [held, holder, blocker], [],
                    () => $"{Name(graph, held)} is held by {Name(graph, holder)}, which is itself waiting on {Name(graph, blocker)}");
            }
        }
    }

    /// <summary>The responses joined to a request by an rpc link.</summary>
    private static IEnumerable<int> Responses(WaitGraph graph, int request)
    {
        for (var e = graph.Start[request]; e < graph.Start[request + 1]; e++)
            if (graph.Kinds[e] == WaitEdgeKind.Rpc) yield return graph.Targets[e];
    }

    private static string Name(WaitGraph graph, int node)
    {
        var entity = graph.Entity(node);
        return $"{entity.Kind} '{entity.Name}' ({entity.Id} in {graph.Process(node).Process.ProcessName})";
    }
}
