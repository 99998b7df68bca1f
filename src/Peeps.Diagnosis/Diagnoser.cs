using Peeps.Diagnosis.Analysis;
using Peeps.Diagnosis.Graph;
using Peeps.Diagnosis.Model;
using Peeps.Diagnosis.Reports;
using Peeps.Diagnosis.Warnings;

namespace Peeps.Diagnosis;

/// <summary>
/// The one entry point every surface (HTTP, console, CLI, MCP) goes through, so they all give the same answer:
/// a snapshot in, deadlocks, wait chains and warnings out. Pure: no I/O, no clocks, no shared state.
/// </summary>
public static class Diagnoser
{
    /// <param name="previous">An older snapshot of the same processes, if there is one: lets <c>channel_full</c> see a channel full in both.</param>
    public static DiagnosisReport Diagnose(SnapshotDocument document, DiagnosisSettings settings, SnapshotDocument? previous = null) =>
        Diagnose(WaitGraphBuilder.Build(document), settings, previous);

    public static DiagnosisReport Diagnose(WaitGraph graph, DiagnosisSettings settings, SnapshotDocument? previous = null)
    {
        var analysis = Analyze(graph, settings);
        var (chains, totalChains) = WaitChainBuilder.Build(graph, analysis.Component, analysis.ComponentCount, analysis.DeadlockOf, settings);
        var (warnings, warningCounts) = WarningFinder.Find(graph, settings, previous);
        var document = graph.Document;
        var summary = new DiagnosisSummary(
            document.Processes.Count,
            document.Unanswered.Count,
            graph.NodeCount,
            graph.EdgeCount,
            graph.Kinds.Count(k => k != WaitEdgeKind.Needs),
            graph.DanglingCount,
            graph.Unresolved.Count,
            analysis.Deadlocks.Count,
            analysis.Deadlocks.Count(d => d.Confidence == "certain"),
            Enumerable.Range(0, graph.NodeCount).Count(graph.IsBlocked),
            totalChains,
            warningCounts.Values.Sum(),
            warningCounts);
        return new DiagnosisReport(
            document.SnapshotId,
            document.CapturedAtUnixMs,
            summary,
            analysis.Deadlocks,
            chains,
            totalChains > chains.Count,
            warnings,
            summary.Warnings > warnings.Count,
            [.. graph.Unresolved.Select(u => new UnresolvedLinkView(NodeViews.Of(graph, u.ResponseNode), u.RequestId, u.Reason, u.Candidates))],
            [.. graph.DanglingSamples.Select(d => new DanglingEdgeView(document.Processes[d.ProcessIndex].Process, d.Src, d.Dst, d.Kind))],
            document.Unanswered);
    }

    /// <summary>The chain from one entity to its root blockers, or null when the process or entity is not in the snapshot.</summary>
    public static WaitChainReport? WaitChainFrom(WaitGraph graph, long connId, string entityId, DiagnosisSettings settings)
    {
        var process = graph.Document.Processes.ToList().FindIndex(p => p.Process.ConnId == connId);
        var node = process < 0 ? -1 : graph.Find(process, entityId);
        if (node < 0) return null;
        var analysis = Analyze(graph, settings);
        return WaitChainBuilder.From(graph, analysis.Component, analysis.ComponentCount, analysis.DeadlockOf, node, settings);
    }

    internal sealed record Analysis(int[] Component, int ComponentCount, IReadOnlyList<DeadlockReport> Deadlocks, int[] DeadlockOf);

    internal static Analysis Analyze(WaitGraph graph, DiagnosisSettings settings)
    {
        var (component, count) = StronglyConnectedComponents.Find(graph);
        var (deadlocks, deadlockOf) = DeadlockFinder.Find(graph, component, count, settings);
        return new Analysis(component, count, deadlocks, deadlockOf);
    }
}
