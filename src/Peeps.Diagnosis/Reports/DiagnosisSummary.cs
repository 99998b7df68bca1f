namespace Peeps.Diagnosis.Reports;

/// <summary>Counts over the whole snapshot, before any list was cut to its bound.</summary>
public sealed record DiagnosisSummary(
    int Processes,
    int UnansweredProcesses,
    int Entities,
    int WaitEdges,
    int InferredEdges,
    int DanglingEdges,
    int UnresolvedRpcLinks,
    int Deadlocks,
    int CertainDeadlocks,
    int BlockedEntities,
    int WaitChains,
    int Warnings,
    IReadOnlyDictionary<string, int> WarningsById);
