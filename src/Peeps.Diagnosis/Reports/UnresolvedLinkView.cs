using Peeps.Diagnosis.Model;

namespace Peeps.Diagnosis.Reports;

/// <summary>An <c>rpc_link</c> that joined nothing; see <see cref="Graph.UnresolvedRpcLink"/> for the reasons.</summary>
public sealed record UnresolvedLinkView(NodeView Response, string RequestId, string Reason, IReadOnlyList<ProcessRef> Candidates);

/// <summary>An edge left out because an end is not an entity of its process.</summary>
public sealed record DanglingEdgeView(ProcessRef Process, string Src, string Dst, string Kind);
