using System.Collections.Immutable;
using Akka.Actor;
using Peeps.Ingest.Connections;

namespace Peeps.Ingest.Cuts;

/// <summary>Forgetting the committed cursors of connections that have gone.</summary>
public sealed partial class CutCoordinator
{
    private void AskRegistryForPrune()
    {
        // A departed member may still be waiting for its connection's last commits.
        var candidates = _committed.ConnIds.Where(connId => !IsPendingAnywhere(connId)).ToImmutableHashSet();
        if (candidates.IsEmpty) return;
        _registry.Ask<ConnectionRegistry.Live>(ConnectionRegistry.GetLive.Instance, _settings.RegistryTimeout)
            .PipeTo(Self, success: live => new LiveForPrune(live.Connections, candidates),
                failure: _ => new LiveForPrune([], []));
    }

    private void Prune(LiveForPrune live)
    {
        var alive = live.Connections.Select(c => c.ConnId).ToHashSet();
        foreach (var connId in live.Candidates.Where(id => !alive.Contains(id)))
            _committed.Forget(connId);
    }
}
