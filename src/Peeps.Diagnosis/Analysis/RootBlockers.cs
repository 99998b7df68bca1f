using Peeps.Diagnosis.Graph;

namespace Peeps.Diagnosis.Analysis;

/// <summary>Names what kind of thing a chain ends on: a node that waits on nothing in the graph.</summary>
public static class RootBlockers
{
    public static string Reason(WaitGraph graph, int node) => graph.Entity(node).Kind switch
    {
        "future" => "running_work",
        "file_op" or "command" => "external_io",
        var kind when kind.StartsWith("net_", StringComparison.Ordinal) => "external_io",
        // A request waits on nothing only when no callee's response was joined to it.
        "request" => graph.Document.Unanswered.Count > 0 ? "process_did_not_answer" : "unresolved_request",
        "response" => "response_without_worker",
        _ => "resource_without_holder",
    };
}
