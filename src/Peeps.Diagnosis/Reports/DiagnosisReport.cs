using Peeps.Diagnosis.Model;

namespace Peeps.Diagnosis.Reports;

/// <summary>The answer to "is there a deadlock, and what is the root blocker?" for one snapshot.</summary>
public sealed record DiagnosisReport(
    long? SnapshotId,
    long CapturedAtUnixMs,
    DiagnosisSummary Summary,
    IReadOnlyList<DeadlockReport> Deadlocks,
    IReadOnlyList<WaitChainReport> WaitChains,
    bool WaitChainsTruncated,
    IReadOnlyList<WarningReport> Warnings,
    bool WarningsTruncated,
    IReadOnlyList<UnresolvedLinkView> UnresolvedRpcLinks,
    IReadOnlyList<DanglingEdgeView> DanglingEdges,
    IReadOnlyList<ProcessRef> UnansweredProcesses);
