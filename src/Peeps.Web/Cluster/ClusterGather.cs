using Akka.Actor;

namespace Peeps.Web.Cluster;

/// <summary>
/// Asks every node's <see cref="NodeAgent"/> the same question and waits at most
/// <see cref="ClusterSettings.GatherTimeout"/> for each: an unreachable node is not waited for, and a removed one
/// is listed too, so an answer always names the nodes it lacks.
/// </summary>
public sealed class ClusterGather(ClusterView view)
{
    public sealed record NodeAnswer<T>(string Node, T? Answer, string? Failure) where T : class;

    public ClusterView View => view;

    /// <param name="within">How long to wait for each node; <see cref="ClusterSettings.GatherTimeout"/> when null.</param>
    public async Task<IReadOnlyList<NodeAnswer<T>>> AskAllAsync<T>(object question, CancellationToken cancellation, TimeSpan? within = null) where T : class
    {
        var asks = view.Members().Select(member => member.Unreachable
            ? Task.FromResult(new NodeAnswer<T>(member.Name, null, "unreachable"))
            : AskAsync<T>(member, question, cancellation, within ?? view.Settings.GatherTimeout));
        var answers = (await Task.WhenAll(asks)).ToList();
        answers.AddRange(view.Removed.Select(r => new NodeAnswer<T>(r.Key, null, r.Value)));
        return [.. answers.OrderBy(a => a.Node, StringComparer.Ordinal)];
    }

    /// <summary>The one node named <paramref name="node"/>, or null when no member has that name.</summary>
    public async Task<NodeAnswer<T>?> AskOneAsync<T>(string node, object question, CancellationToken cancellation) where T : class
    {
        var member = view.Members().FirstOrDefault(m => m.Name == node);
        if (member is null) return view.Removed.TryGetValue(node, out var why) ? new NodeAnswer<T>(node, null, why) : null;
        return member.Unreachable ? new NodeAnswer<T>(node, null, "unreachable") : await AskAsync<T>(member, question, cancellation, view.Settings.GatherTimeout);
    }

    private async Task<NodeAnswer<T>> AskAsync<T>(ClusterView.NodeMember member, object question, CancellationToken cancellation, TimeSpan within) where T : class
    {
        try
        {
            var agent = view.System.ActorSelection(new RootActorPath(member.Address) / "user" / NodeAgent.Name);
            var answer = await agent.Ask<T>(question, within, cancellation);
            return new NodeAnswer<T>(member.Name, answer, null);
        }
        catch (AskTimeoutException)
        {
            return new NodeAnswer<T>(member.Name, null, $"did not answer within {within.TotalMilliseconds:0} ms");
        }
    }
}
