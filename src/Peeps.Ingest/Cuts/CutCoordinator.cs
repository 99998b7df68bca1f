using System.Diagnostics;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Peeps.Ingest.Connections;
using Peeps.Ingest.Coordination;
using Peeps.Ingest.Tracing;
using Peeps.Storage.Writing;
using Peeps.Wire.Messages;

namespace Peeps.Ingest.Cuts;

/// <summary>
/// Runs cuts. A member leaves the pending set only once its ack has arrived and the store pipeline has committed
/// the acked stream up to the acked cursor, or once its connection has gone and nothing it sent before its ack can
/// still reach the writer: so when a cut is complete, <c>/api/sql</c> shows every process at least at its cut
/// cursor. Cut history and the id high-water mark are journaled and compacted into snapshots
/// (<see cref="CutSnapshotSchedule"/>), so ids never repeat and earlier cuts stay readable after a restart while
/// recovery stays short. Recovery, the journal and pruning live in the partial files beside this one.
/// </summary>
public sealed partial class CutCoordinator : ReceivePersistentActor, IWithTimers
{
    private const string PruneTimer = "prune";

    private readonly IActorRef _registry;
    private readonly StoreOutbox _store;
    private readonly CommitHighWaterMarks _committed;
    private readonly CutSettings _settings;
    private readonly long _startNumber;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly SortedDictionary<long, TrackedCut> _cuts = new();
    private readonly SortedSet<long> _open = new();

    // Members that have acked and are not settled: the only ones a commit can settle, so a commit looks at these
    // rather than at every open cut (cuts with a silent member stay open for as long as they are retained).
    private readonly HashSet<(long Number, long ConnId)> _awaitingCommit = [];
    private readonly Dictionary<IActorRef, long> _watched = new();
    private readonly HashSet<IActorRef> _unanswered = new();
    private readonly HashSet<long> _departed = new();
    private readonly CutMemberSpans _memberSpans = new();
    private readonly long _lastConnIdOfEarlierRuns;
    private long _lastNumber;

    // The newest cut recovered from the journal: cuts started after recovery were checked against a fresher list.
    private long _recoveredUpTo;
    private long _snapshotSequenceNr;
    private bool _snapshotSaving;
    private long _retainedMembers;

    public ITimerScheduler Timers { get; set; } = null!;

    /// <param name="committed">Outlives the coordinator, so a restarted one still knows what was committed.</param>
    /// <param name="startNumber">The highest cut number the database file holds, so ids continue even when the journal is new.</param>
    /// <param name="lastConnIdOfEarlierRuns">The highest connection id the database file held at start: members at or
    /// below it belonged to an earlier run of the server and can never be committed now.</param>
    public CutCoordinator(IActorRef registry, StoreOutbox store, CommitHighWaterMarks committed, CutSettings settings, long startNumber, long lastConnIdOfEarlierRuns)
    {
        _registry = registry;
        _store = store;
        _committed = committed;
        _settings = settings;
        _startNumber = startNumber;
        _lastConnIdOfEarlierRuns = lastConnIdOfEarlierRuns;

        Recover<SnapshotOffer>(Restore);
        Recover<CutRequestedEvent>(Apply);
        Recover<CutAckedEvent>(Apply);
        Recover<CutMemberSettledEvent>(Apply);
        Recover<CutWithdrawnEvent>(Apply);
        Recover<RecoveryCompleted>(_ => OnRecovered());

        Command<StartCut>(start =>
        {
            _unanswered.Add(Sender);
            AskRegistry(Sender, PeepsTracing.StartDetached("peeps.cut.start", ActivityKind.Internal, start.Trace));
        });
        Command<LiveForCut>(Start);
        Command<CutRegistryFailed>(failed =>
        {
            failed.Span.StopDetached("registry_failed", failed: true);
            Answer(failed.ReplyTo, new CutNotStarted(failed.Reason));
        });
        Command<GetCut>(get => Sender.Tell(
            CutId.TryParse(get.CutId, out var number) && _cuts.TryGetValue(number, out var cut)
                ? cut.ToStatus(_committed.Of)
                : new CutNotFound(get.CutId)));
        Command<GetOldestOpenCut>(_ => Sender.Tell(new OldestOpenCut(_open.Count == 0 ? null : _cuts[_open.Min].RequestedAtNs)));
        Command<CutAcknowledged>(OnAck);
        Command<CursorsCommitted>(_ => OnCommitted());
        Command<ClientUnreachable>(unreachable => SettleEverywhere(unreachable.ConnId, CutMemberState.Unreachable));
        Command<Terminated>(terminated =>
        {
            if (!_watched.Remove(terminated.ActorRef, out var connId)) return;
            if (LostWithItsNode(terminated)) SettleEverywhere(connId, CutMemberState.Unreachable);
            else Departed(connId);
        });
        Command<DisconnectGraceExpired>(expired =>
        {
            if (_departed.Remove(expired.ConnId)) SettleEverywhere(expired.ConnId, CutMemberState.Disconnected);
        });
        Command<LiveAfterRecovery>(ResumeRecovered);
        Command<RecoveryRegistryFailed>(failed =>
        {
            _log.Warning("the connection registry did not answer after recovery ({Reason}); asking again", failed.Reason);
            AskRegistryAfterRecovery();
        });
        Command<PruneCommittedCursors>(_ => AskRegistryForPrune());
        Command<LiveForPrune>(Prune);
        Command<SaveSnapshotSuccess>(saved => Compact(saved.Metadata.SequenceNr));
        Command<SaveSnapshotFailure>(failed =>
        {
            _snapshotSaving = false;
            _log.Warning("could not save a snapshot of the cut journal (tried again after the next event): {Reason}", failed.Cause.Message);
        });
        Command<DeleteMessagesSuccess>(_ => { });
        Command<DeleteMessagesFailure>(failed => _log.Warning("could not delete cut journal events up to {SequenceNr}: {Reason}", failed.ToSequenceNr, failed.Cause.Message));
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(failed => _log.Warning("could not delete older cut journal snapshots: {Reason}", failed.Cause.Message));
    }

    public override string PersistenceId => "peeps-cuts";

    public static Props Props(IActorRef registry, StoreOutbox store, CommitHighWaterMarks committed, CutSettings settings, long startNumber, long lastConnIdOfEarlierRuns = 0) =>
        Akka.Actor.Props.Create(() => new CutCoordinator(registry, store, committed, settings, startNumber, lastConnIdOfEarlierRuns));

    /// <summary>
    /// Akka stops the actor after this returns. Callers whose cut is not started yet hear so now rather than at
    /// their timeout; the backoff supervisor starts the coordinator again and it recovers from the journal.
    /// </summary>
    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        foreach (var asker in _unanswered)
            asker.Tell(new CutNotStarted($"the cut journal could not be written ({cause.Message}); the coordinator is restarting"));
        _unanswered.Clear();
        base.OnPersistFailure(cause, @event, sequenceNr);
    }

    private void AskRegistry(IActorRef replyTo, Activity? span) =>
        _registry.Ask<ConnectionRegistry.Live>(ConnectionRegistry.GetLive.Instance, _settings.RegistryTimeout)
            .PipeTo(Self, success: live => new LiveForCut(live.Connections, replyTo, span),
                failure: e => new CutRegistryFailed($"the connection registry did not answer: {e.Message}", replyTo, span));

    /// <summary>
    /// Journaled without stashing other commands: a status read or another start never waits behind a journal
    /// write, and if the write fails every caller still waiting is answered by <see cref="OnPersistFailure"/>.
    /// </summary>
    private void Start(LiveForCut live)
    {
        var requested = new CutRequestedEvent(
            ++_lastNumber,
            UnixTime.NowNs(),
            [.. live.Connections.Select(c => new CutMember(c.ConnId, c.ProcessName, c.Pid))]);
        PersistAsync(requested, persisted =>
        {
            Apply(persisted);
            var cutId = CutId.Format(persisted.Number);
            live.Span?.SetTag(PeepsTracing.CutIdTag, cutId).SetTag("peeps.cut.requested_connections", live.Connections.Length);
            if (!_store.TryWrite(new CutRecorded(cutId, persisted.RequestedAtNs) { Trace = live.Span?.Context ?? default }))
            {
                // Without its row the cut could not be joined with its acks in SQL; refuse it rather than answer 200.
                var withdrawn = new CutWithdrawnEvent(persisted.Number);
                Apply(withdrawn);
                PersistAsync(withdrawn, _ => { });
                Answer(live.ReplyTo, new CutNotStarted(StoreOutbox.OverloadedReason));
                live.Span.StopDetached("store_overloaded", failed: true);
                return;
            }
            foreach (var connection in live.Connections)
            {
                _watched[connection.Actor] = connection.ConnId;
                Context.Watch(connection.Actor);
                _memberSpans.Start(persisted.Number, cutId, connection, live.Span?.Context ?? default);
                connection.Actor.Tell(new RequestCut(cutId));
            }
            Answer(live.ReplyTo, new CutStarted(cutId, persisted.RequestedAtNs, live.Connections.Length));
            live.Span.StopDetached("started");
            SnapshotWhenDue();
        });
    }

    private void Answer(IActorRef asker, object answer)
    {
        _unanswered.Remove(asker);
        asker.Tell(answer);
    }

    private void OnAck(CutAcknowledged ack)
    {
        if (!CutId.TryParse(ack.CutId, out var number) || !_cuts.TryGetValue(number, out var cut)
            || !cut.Members.TryGetValue(ack.ConnId, out var member) || member.Ack is not null)
        {
            _log.Warning("conn {ConnId}: ack for {CutId}, which it was not asked for or already acked; ignored", ack.ConnId, ack.CutId);
            return;
        }
        var receivedAtNs = UnixTime.NowNs();
        var trace = _memberSpans.End(number, ack.ConnId, "acked");
        ApplyAndJournal(new CutAckedEvent(number, ack.ConnId, ack.Cursor.StreamId, ack.Cursor.NextSeqNo, receivedAtNs));
        if (_store.Hold(new CutAckRecorded(ack.CutId, ack.ConnId, ack.Cursor, receivedAtNs) { Trace = trace }) is { } lost)
            _log.Error("{Row} is dropped and will not be in the database: the store's queue is full with {Held} rows already held, or the store has shut down", lost, _store.MaxHeld);
        TrySettleCommitted(cut, member);
    }

    private void OnCommitted()
    {
        foreach (var key in _awaitingCommit.ToList())
        {
            if (_cuts.TryGetValue(key.Number, out var cut) && cut.Members.TryGetValue(key.ConnId, out var member) && member.Pending)
            {
                TrySettleCommitted(cut, member);
                if (_departed.Contains(key.ConnId)) TrySettleClosed(cut, member);
                if (member.Pending) continue;
            }
            _awaitingCommit.Remove(key);
        }
        _departed.RemoveWhere(connId => !IsPendingAnywhere(connId));
    }

    private void TrySettleCommitted(TrackedCut cut, TrackedMember member)
    {
        if (!member.Pending || member.Ack is not { } ack) return;
        // A cursor of 0 promises nothing, so it is committed even when the stream never sent a batch.
        var committed = _committed.Of(member.Member.ConnId, ack.StreamId);
        if (ack.NextSeqNo == 0 || committed >= ack.NextSeqNo)
            ApplyAndJournal(new CutMemberSettledEvent(cut.Number, member.Member.ConnId, CutMemberState.Committed, committed ?? 0, UnixTime.NowNs()));
    }

    /// <summary>The writer has passed the connection's close, so whatever it sent is in SQL or never will be.</summary>
    private void TrySettleClosed(TrackedCut cut, TrackedMember member)
    {
        // The writer reports cursors before the close that follows them: a cursor that reached the ack meanwhile wins.
        TrySettleCommitted(cut, member);
        if (member.Pending && _committed.IsClosed(member.Member.ConnId))
            Settle(cut.Number, member, CutMemberState.Disconnected);
    }

    /// <summary>
    /// A connection on another cluster node whose end nobody confirmed: its node went (Akka reports a watched remote
    /// actor terminated, unconfirmed, as soon as the link to its killed node drops, seconds before the cluster marks
    /// the node unreachable), so it is unreachable, as the node's unreachable event says when it comes. A connection
    /// that closed is confirmed by its node, and a local one always is.
    /// </summary>
    private static bool LostWithItsNode(Terminated terminated) =>
        terminated.AddressTerminated || (!terminated.ExistenceConfirmed && !terminated.ActorRef.Path.Address.HasLocalScope);

    private void Departed(long connId)
    {
        foreach (var number in _open.ToList())
            if (_cuts[number].Members.TryGetValue(connId, out var member) && member.Pending)
                Departed(_cuts[number], member);
    }

    /// <summary>
    /// A member without an ack is done: its connection actor forwards an ack before it stops, so none is coming.
    /// An acked member may still have batches on their way to the writer; it waits for them, for its connection's
    /// close to pass the writer, or at most <see cref="CutSettings.DisconnectGrace"/>.
    /// </summary>
    private void Departed(TrackedCut cut, TrackedMember member)
    {
        var connId = member.Member.ConnId;
        if (member.Ack is null)
        {
            Settle(cut.Number, member, CutMemberState.Disconnected);
            return;
        }
        TrySettleCommitted(cut, member);
        TrySettleClosed(cut, member);
        if (member.Pending && _departed.Add(connId))
            Timers.StartSingleTimer($"grace-{connId}", new DisconnectGraceExpired(connId), _settings.DisconnectGrace);
    }

    private bool IsPendingAnywhere(long connId) =>
        _open.Any(number => _cuts[number].Members.TryGetValue(connId, out var member) && member.Pending);

    private ulong? CommittedOf(TrackedMember member) =>
        member.Ack is { } ack ? _committed.Of(member.Member.ConnId, ack.StreamId) : null;

    /// <summary>Settles a member otherwise than committed, now, with what the writer had committed of its acked stream, if any.</summary>
    private void Settle(long number, TrackedMember member, CutMemberState state) =>
        ApplyAndJournal(new CutMemberSettledEvent(number, member.Member.ConnId, state, CommittedOf(member), UnixTime.NowNs()));

    private void SettleEverywhere(long connId, CutMemberState state)
    {
        foreach (var number in _open.ToList())
        {
            if (_cuts[number].Members.TryGetValue(connId, out var member) && member.Pending)
                Settle(number, member, state);
        }
    }
}
