using Peeps.Diagnosis.Model;

namespace Peeps.Diagnosis.Graph;

/// <summary>
/// Joins an <c>rpc_link</c> recorded by the callee to the caller's <c>request</c> entity: a request with that id
/// in another process, whose method agrees with the response's when both are known. Where several processes have
/// one, the process whose ids mostly carry the request id's 4-character prefix wins; if that does not single one
/// out, the link is ambiguous and joins nothing.
/// </summary>
internal sealed class RpcLinkResolver(SnapshotDocument document, EntityInfo[] nodeEntity, int[] nodeProcess)
{
    private const int PrefixLength = 4;

    private Dictionary<string, List<int>>? _requestsById;
    private readonly Dictionary<int, string?> _dominantPrefix = [];

    public (int Request, UnresolvedRpcLink? Unresolved) Resolve(int calleeProcess, string requestId, int response)
    {
        var method = nodeEntity[response].Facts.Method;
        var candidates = RequestsById().TryGetValue(requestId, out var all)
            ? all.Where(r => nodeProcess[r] != calleeProcess && MethodsAgree(nodeEntity[r].Facts.Method, method)).ToList()
            : [];
        if (candidates.Count == 1) return (candidates[0], null);
        if (candidates.Count > 1)
        {
            var prefix = requestId.Length >= PrefixLength ? requestId[..PrefixLength] : null;
            var preferred = candidates.Where(r => prefix is not null && DominantPrefix(nodeProcess[r]) == prefix).ToList();
            if (preferred.Count == 1) return (preferred[0], null);
            var named = candidates.Select(r => document.Processes[nodeProcess[r]].Process).ToList();
            return (-1, new UnresolvedRpcLink(response, requestId, "ambiguous", named));
        }
        return document.Unanswered.Count > 0
            ? (-1, new UnresolvedRpcLink(response, requestId, "caller_not_in_snapshot", document.Unanswered))
            : (-1, new UnresolvedRpcLink(response, requestId, "caller_not_found", []));
    }

    private static bool MethodsAgree(string? request, string? response) =>
        request is null || response is null || request == response;

    private Dictionary<string, List<int>> RequestsById()
    {
        if (_requestsById is not null) return _requestsById;
        _requestsById = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var node = 0; node < nodeEntity.Length; node++)
        {
            if (nodeEntity[node].Kind != "request") continue;
            if (!_requestsById.TryGetValue(nodeEntity[node].Id, out var list)) _requestsById[nodeEntity[node].Id] = list = [];
            list.Add(node);
        }
        return _requestsById;
    }

    /// <summary>The 4-character prefix most of a process's entity ids share (the client draws one per process).</summary>
    private string? DominantPrefix(int process)
    {
        if (_dominantPrefix.TryGetValue(process, out var known)) return known;
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var entity in document.Processes[process].Entities)
        {
            if (entity.Id.Length < PrefixLength) continue;
            var prefix = entity.Id[..PrefixLength];
            counts[prefix] = counts.GetValueOrDefault(prefix) + 1;
        }
        var best = counts.Count == 0 ? null : counts.OrderByDescending(c => c.Value).ThenBy(c => c.Key, StringComparer.Ordinal).First().Key;
        _dominantPrefix[process] = best;
        return best;
    }
}
