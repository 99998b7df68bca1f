using Peeps.Diagnosis.Model;

namespace Peeps.Diagnosis.Graph;

/// <summary>
/// An <c>rpc_link</c> whose caller-side request could not be named, so no wait edge was added for it.
/// <paramref name="Reason"/> is <c>caller_not_in_snapshot</c> (some process did not answer and may be the caller),
/// <c>caller_not_found</c> (every connected process answered and none has the request) or <c>ambiguous</c>.
/// </summary>
public sealed record UnresolvedRpcLink(int ResponseNode, string RequestId, string Reason, IReadOnlyList<ProcessRef> Candidates);
