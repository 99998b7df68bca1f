namespace Peeps.Diagnosis.Graph;

/// <summary>Why one node waits for another. Only <see cref="Needs"/> is a process's own edge; the others are inferred.</summary>
public enum WaitEdgeKind
{
    /// <summary>A <c>needs</c> edge as the process sent it.</summary>
    Needs,

    /// <summary>A caller's request waits for the callee's response (an <c>rpc_link</c> joined across processes).</summary>
    Rpc,

    /// <summary>A response waits for the future working on it (the process's <c>future needs response</c>, turned round).</summary>
    WorksOn,
}
