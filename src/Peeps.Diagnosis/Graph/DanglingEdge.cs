namespace Peeps.Diagnosis.Graph;

/// <summary>A <c>needs</c> or <c>rpc_link</c> edge with an end that is not an entity of its process; left out of the graph.</summary>
public sealed record DanglingEdge(int ProcessIndex, string Src, string Dst, string Kind);
