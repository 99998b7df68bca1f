namespace Peeps.Diagnosis.Model;

/// <summary>One process's reply: its clock (<c>ptime_now_ms</c>, the unit of entity births) and its graph.</summary>
public sealed record ProcessSnapshot(
    ProcessRef Process,
    long PtimeNowMs,
    IReadOnlyList<EntityInfo> Entities,
    IReadOnlyList<EdgeInfo> Edges);
