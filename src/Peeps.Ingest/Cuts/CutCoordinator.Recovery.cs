using Akka.Actor;
using Peeps.Ingest.Connections;

namespace Peeps.Ingest.Cuts;

/// <summary>Recovery: what a restarted coordinator does with the cuts it finds in the journal.</summary>
public sealed partial class CutCoordinator
{
    /// <summary>
    /// Members of an earlier run of the server can never be committed now; they end <c>disconnected</c> (not journaled:
    /// replay reaches the same verdict). The others may belong to connections still live after a restart of the
    /// coordinator alone, so they wait for the registry's list (<see cref="ResumeRecovered"/>).
    /// </summary>
    private void OnRecovered()
    {
        _lastNumber = Math.Max(_lastNumber, _startNumber);
        _recoveredUpTo = _lastNumber;
        foreach (var number in _open.ToList())
        {
            var cut = _cuts[number];
            foreach (var member in cut.Members.Values.Where(m => m.Pending && m.Member.ConnId <= _lastConnIdOfEarlierRuns))
                member.Settled = CutMemberState.Disconnected;
            if (!cut.HasPending) _open.Remove(number);
        }
        Timers.StartPeriodicTimer(PruneTimer, PruneCommittedCursors.Instance, _settings.PruneInterval);
        if (_open.Count > 0) AskRegistryAfterRecovery();
    }

    private void AskRegistryAfterRecovery() =>
        _registry.Ask<ConnectionRegistry.Live>(ConnectionRegistry.GetLive.Instance, _settings.RegistryTimeout)
            .PipeTo(Self, success: live => new LiveAfterRecovery(live.Connections, live.Unanswered),
                failure: e => new RecoveryRegistryFailed(e.Message));

    /// <summary>
    /// A live member still owing its ack is asked again: an ack it sent went to the earlier incarnation, and its
    /// connection actor routes the next one here. Acked members keep waiting for their commit (the high-water marks
    /// outlived the earlier incarnation); members whose connection has gone are treated as if it went now.
    /// </summary>
    private void ResumeRecovered(LiveAfterRecovery live)
    {
        var byId = live.Connections.ToDictionary(c => c.ConnId);
        foreach (var number in _open.Where(number => number <= _recoveredUpTo).ToList())
        {
            var cut = _cuts[number];
            foreach (var member in cut.Members.Values.Where(m => m.Pending).ToList())
            {
                if (!byId.TryGetValue(member.Member.ConnId, out var connection))
                {
                    // Missing because its cluster node did not answer (the coordinator moved off a lost node, say):
                    // it did not go, its node did, which is what unreachable means; disconnected would say otherwise.
                    if (live.Unanswered.Contains(member.Member.ConnId))
                        Settle(cut.Number, member, CutMemberState.Unreachable);
                    else
                        Departed(cut, member);
                    continue;
                }
                if (!_watched.ContainsKey(connection.Actor))
                {
                    _watched[connection.Actor] = connection.ConnId;
                    Context.Watch(connection.Actor);
                }
                if (member.Ack is null) connection.Actor.Tell(new RequestCut(cut.Id));
                else TrySettleCommitted(cut, member);
            }
        }
    }
}
