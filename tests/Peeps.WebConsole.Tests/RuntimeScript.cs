namespace Peeps.WebConsole.Tests;

/// <summary>
/// What a <see cref="HandDrivenRuntime"/> is: its identity and the entities and edges (wire JSON) it reports
/// once and then shows in every snapshot. Its process clock starts at <paramref name="PtimeStartMs"/>, so an
/// entity born at <c>birth</c> is about <c>PtimeStartMs - birth</c> old.
/// </summary>
public sealed record RuntimeScript(string ProcessName, uint Pid, IReadOnlyList<string> Entities, IReadOnlyList<string> Edges, ulong PtimeStartMs = 1_000)
{
    public string StreamId => $"proc:{Pid}";

    public ulong NextSeqNo => (ulong)(Entities.Count + Edges.Count);
}
