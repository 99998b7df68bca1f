using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Peeps.Ingest.Coordination;

namespace Peeps.Ingest.Snapshots;

/// <summary>
/// Hands out snapshot ids (journaled, so they never repeat for the life of the database file) and runs each
/// snapshot in its own <see cref="SnapshotCollector"/>, so several can be in flight at once. Only the newest
/// reservation matters, so older journal entries are deleted as it goes.
/// </summary>
public sealed class SnapshotCoordinator : ReceivePersistentActor
{
    private readonly IActorRef _registry;
    private readonly StoreOutbox _store;
    private readonly SnapshotSettings _settings;
    private readonly CollectorFactory? _collector;
    private readonly Dictionary<long, IActorRef> _reserving = new();
    private long _lastId;

    /// <summary>Makes the collector of one snapshot (id, timeout, whom to answer) in place of the single-node one.</summary>
    public delegate Props CollectorFactory(long snapshotId, TimeSpan timeout, IActorRef replyTo);

    /// <param name="startId">The highest snapshot id the database file holds, so ids continue even when the journal is new.</param>
    /// <param name="collector">Cluster mode's collector, which asks every node; null collects from this node's registry.</param>
    public SnapshotCoordinator(IActorRef registry, StoreOutbox store, SnapshotSettings settings, long startId, CollectorFactory? collector = null)
    {
        _registry = registry;
        _store = store;
        _settings = settings;
        _collector = collector;
        _lastId = startId;

        Recover<SnapshotIdReserved>(reserved => _lastId = Math.Max(_lastId, reserved.SnapshotId));
        Command<TakeSnapshot>(Reserve);
        Command<DeleteMessagesSuccess>(_ => { });
        Command<DeleteMessagesFailure>(failure => Context.GetLogger().Warning("could not trim the snapshot id journal: {Reason}", failure.Cause.Message));
    }

    public override string PersistenceId => "peeps-snapshot-ids";

    public static Props Props(IActorRef registry, StoreOutbox store, SnapshotSettings settings, long startId, CollectorFactory? collector = null) =>
        Akka.Actor.Props.Create(() => new SnapshotCoordinator(registry, store, settings, startId, collector));

    /// <summary>
    /// Akka stops the actor after this returns. Callers whose id is not reserved yet hear so now rather than at
    /// their timeout; the backoff supervisor starts the coordinator again and it recovers from the journal.
    /// </summary>
    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        foreach (var asker in _reserving.Values)
            asker.Tell(new SnapshotFailed($"the snapshot id journal could not be written ({cause.Message}); the coordinator is restarting"));
        _reserving.Clear();
        base.OnPersistFailure(cause, @event, sequenceNr);
    }

    /// <summary>
    /// The id is taken before the write, and the write does not stash other requests, so several reservations can
    /// be in flight and a failing journal answers every one of them.
    /// </summary>
    private void Reserve(TakeSnapshot take)
    {
        var id = ++_lastId;
        var replyTo = Sender;
        _reserving[id] = replyTo;
        PersistAsync(new SnapshotIdReserved(id), reserved =>
        {
            _reserving.Remove(reserved.SnapshotId);
            Context.ActorOf(
                _collector?.Invoke(reserved.SnapshotId, take.Timeout, replyTo)
                    ?? SnapshotCollector.Props(reserved.SnapshotId, take.Timeout, replyTo, _registry, _store, _settings.RegistryTimeout,
                        _settings.MaxReplyBytes, take.Trace),
                $"snapshot-{reserved.SnapshotId}");
            if (LastSequenceNr % _settings.JournalEntriesKept == 0) DeleteMessages(LastSequenceNr - 1);
        });
    }
}
