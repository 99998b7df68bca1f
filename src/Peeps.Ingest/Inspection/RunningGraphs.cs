using Akka.Actor;
using Akka.Streams;
using Akka.Streams.Implementation;

namespace Peeps.Ingest.Inspection;

/// <summary>
/// Akka's own count of the graph interpreters the ingest materializer runs: the actors its stream supervisor has
/// started, one per connection plus the accept loop, the write path and the coordinators' queue. Akka.Streams 1.5
/// offers nothing finer (no per-stage snapshot of a running graph, and the interpreters of composed graphs are all
/// named "unknown-operation"), so the stages, fills and rates of <c>/api/streams</c> come from our own meters; this
/// count is the cross-check that what they describe is running, and that nothing outlived its connection.
/// </summary>
public sealed class RunningGraphs
{
    private ActorMaterializer? _materializer;

    public void Attach(IMaterializer materializer) => _materializer = materializer as ActorMaterializer;

    /// <summary>0 before ingest has started.</summary>
    public async Task<int> CountAsync(TimeSpan timeout, CancellationToken cancellation)
    {
        if (_materializer is null) return 0;
        var children = await _materializer.Supervisor.Ask<StreamSupervisor.Children>(StreamSupervisor.GetChildren.Instance, timeout, cancellation);
        return children.Refs.Count;
    }
}
