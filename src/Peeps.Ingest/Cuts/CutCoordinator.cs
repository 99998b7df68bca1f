using System.Collections.Immutable;
using Akka.Actor;
using Akka.Event;
using Akka.Persistence;
using Peeps.Ingest.Connections;
using Peeps.Ingest.Coordination;
using Peeps.Storage.Writing;
using Peeps.Wire.Messages;

namespace Peeps.Ingest.Cuts;

/// <summary>
/// Runs cuts. A member leaves the pending set only once its ack has arrived and the materializer has committed
/// the acked stream up to the acked cursor, or once its connection has gone: so when a cut is complete,
/// <c>/api/sql</c> shows every process at least at its cut cursor. Cut history and the id high-water mark are
/// journaled, so ids never repeat and earlier cuts stay readable after a restart.
/// </summary>
public sealed class CutCoordinator : ReceivePersistentActor, IWithTimers
{
    private const string PruneTimer = "prune";

    private readonly IActorRef _registry;
    private readonly StoreOutbox _store;
    private readonly CutSettings _settings;
    private readonly long _startNumber;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly SortedDictionary<long, TrackedCut> _cuts = new();
    private readonly SortedSet<long> _open = new();
    private readonly Dictionary<(long ConnId, string StreamId), ulong> _committed = new();
    private readonly Dictionary<IActorRef, long> _watched = new();
    private long _lastNumber;

    public ITimerScheduler Timers { get; set; } = null!;

    /// <param name="startNumber">The highest cut number the database file holds, so ids continue even when the journal is new.</param>
    public CutCoordinator(IActorRef registry, StoreOutbox store, CutSettings settings, long startNumber)
    {
        _registry = registry;
        _store = store;
        _settings = settings;
        _startNumber = startNumber;

        Recover<CutRequestedEvent>(Apply);
        Recover<CutAckedEvent>(Apply);
        Recover<CutMemberSettledEvent>(Apply);
        Recover<RecoveryCompleted>(_ => OnRecovered());

        Command<StartCut>(_ => AskRegistry(Sender));
        Command<LiveForCut>(Start);
        Command<CutRegistryFailed>(failed => failed.ReplyTo.Tell(new CutNotStarted(failed.Reason)));
        Command<GetCut>(get => Sender.Tell(
            CutId.TryParse(get.CutId, out var number) && _cuts.TryGetValue(number, out var cut)
                ? cut.ToStatus(CommittedCursor)
                : new CutNotFound(get.CutId)));
        Command<CutAcknowledged>(OnAck);
        Command<CursorsCommitted>(OnCommitted);
        Command<ClientUnreachable>(unreachable => SettleEverywhere(unreachable.ConnId, CutMemberState.Unreachable));
        Command<Terminated>(terminated =>
        {
            if (!_watched.Remove(terminated.ActorRef, out var connId)) return;
            SettleEverywhere(connId, CutMemberState.Disconnected);
            foreach (var key in _committed.Keys.Where(k => k.ConnId == connId).ToList()) _committed.Remove(key);
        });
        Command<PruneCommittedCursors>(_ => AskRegistryForPrune());
        Command<LiveForPrune>(Prune);
    }

    public override string PersistenceId => "peeps-cuts";

    public static Props Props(IActorRef registry, StoreOutbox store, CutSettings settings, long startNumber) =>
        Akka.Actor.Props.Create(() => new CutCoordinator(registry, store, settings, startNumber));

    private void OnRecovered()
    {
        _lastNumber = Math.Max(_lastNumber, _startNumber);
        // Every connection of an earlier run ended with it; their members can never be committed now.
        foreach (var number in _open.ToList())
        {
            foreach (var member in _cuts[number].Members.Values.Where(m => m.Pending))
                member.Settled = CutMemberState.Disconnected;
            _open.Remove(number);
        }
        Timers.StartPeriodicTimer(PruneTimer, PruneCommittedCursors.Instance, _settings.PruneInterval);
    }

    private void AskRegistry(IActorRef replyTo) =>
        _registry.Ask<ConnectionRegistry.Live>(ConnectionRegistry.GetLive.Instance, _settings.RegistryTimeout)
            .PipeTo(Self, success: live => new LiveForCut(live.Connections, replyTo),
                failure: e => new CutRegistryFailed($"the connection registry did not answer: {e.Message}", replyTo));

    private void Start(LiveForCut live)
    {
        var requested = new CutRequestedEvent(
            ++_lastNumber,
            UnixTime.NowNs(),
            [.. live.Connections.Select(c => new CutMember(c.ConnId, c.ProcessName, c.Pid))]);
        Persist(requested, persisted =>
        {
            Apply(persisted);
            var cutId = CutId.Format(persisted.Number);
            Record(new CutRecorded(cutId, persisted.RequestedAtNs));
            foreach (var connection in live.Connections)
            {
                _watched[connection.Actor] = connection.ConnId;
                Context.Watch(connection.Actor);
                connection.Actor.Tell(new RequestCut(cutId));
            }
            live.ReplyTo.Tell(new CutStarted(cutId, persisted.RequestedAtNs, live.Connections.Length));
        });
    }

    private void OnAck(CutAcknowledged ack)
    {
        if (!CutId.TryParse(ack.CutId, out var number) || !_cuts.TryGetValue(number, out var cut)
            || !cut.Members.TryGetValue(ack.ConnId, out var member) || member.Ack is not null)
        {
            _log.Warning("conn {0}: ack for {1}, which it was not asked for or already acked; ignored", ack.ConnId, ack.CutId);
            return;
        }
        var receivedAtNs = UnixTime.NowNs();
        ApplyAndJournal(new CutAckedEvent(number, ack.ConnId, ack.Cursor.StreamId, ack.Cursor.NextSeqNo, receivedAtNs));
        Record(new CutAckRecorded(ack.CutId, ack.ConnId, ack.Cursor, receivedAtNs));
        TrySettleCommitted(cut, member);
    }

    private void OnCommitted(CursorsCommitted commit)
    {
        foreach (var cursor in commit.Cursors)
        {
            var key = (cursor.ConnId, cursor.StreamId);
            if (!_committed.TryGetValue(key, out var known) || known < cursor.NextSeqNo) _committed[key] = cursor.NextSeqNo;
        }
        foreach (var number in _open.ToList())
        {
            var cut = _cuts[number];
            foreach (var member in cut.Members.Values.Where(m => m.Pending && m.Ack is not null).ToList())
                TrySettleCommitted(cut, member);
        }
    }

    private void TrySettleCommitted(TrackedCut cut, TrackedMember member)
    {
        if (!member.Pending || member.Ack is not { } ack) return;
        // A cursor of 0 promises nothing, so it is committed even when the stream never sent a batch.
        var committed = CommittedCursor(member.Member.ConnId, ack.StreamId);
        if (ack.NextSeqNo == 0 || committed >= ack.NextSeqNo)
            ApplyAndJournal(new CutMemberSettledEvent(cut.Number, member.Member.ConnId, CutMemberState.Committed, committed ?? 0));
    }

    private void SettleEverywhere(long connId, CutMemberState state)
    {
        foreach (var number in _open.ToList())
        {
            if (_cuts[number].Members.TryGetValue(connId, out var member) && member.Pending)
                ApplyAndJournal(new CutMemberSettledEvent(number, connId, state, member.Ack is { } ack ? CommittedCursor(connId, ack.StreamId) : null));
        }
    }

    private ulong? CommittedCursor(long connId, string streamId) =>
        _committed.TryGetValue((connId, streamId), out var next) ? next : null;

    /// <summary>
    /// Applied before the journal write completes: these events only record what has already happened, and
    /// waiting for the write would hold back a cut's completion by a journal round trip.
    /// </summary>
    private void ApplyAndJournal(ICutJournalEvent evt)
    {
        switch (evt)
        {
            case CutAckedEvent acked: Apply(acked); PersistAsync(acked, _ => { }); break;
            case CutMemberSettledEvent settled: Apply(settled); PersistAsync(settled, _ => { }); break;
        }
    }

    private void Apply(CutRequestedEvent requested)
    {
        var cut = new TrackedCut(requested);
        _cuts[requested.Number] = cut;
        _lastNumber = Math.Max(_lastNumber, requested.Number);
        if (cut.HasPending) _open.Add(requested.Number);
        while (_cuts.Count > _settings.MaxRetainedCuts)
        {
            var oldest = _cuts.Keys.First();
            _cuts.Remove(oldest);
            _open.Remove(oldest);
        }
    }

    private void Apply(CutAckedEvent acked)
    {
        if (_cuts.TryGetValue(acked.Number, out var cut) && cut.Members.TryGetValue(acked.ConnId, out var member))
            member.Ack = new StreamCursor(acked.StreamId, acked.NextSeqNo);
    }

    private void Apply(CutMemberSettledEvent settled)
    {
        if (!_cuts.TryGetValue(settled.Number, out var cut) || !cut.Members.TryGetValue(settled.ConnId, out var member)) return;
        member.Settled = settled.State;
        member.CommittedAtSettle = settled.CommittedNextSeqNo;
        if (!cut.HasPending) _open.Remove(settled.Number);
    }

    private void Record(WriteCommand command)
    {
        if (!_store.TryWrite(command))
            _log.Error("the store's queue is full; {0} was not recorded in the database", command);
    }

    private void AskRegistryForPrune()
    {
        var candidates = _committed.Keys.Select(k => k.ConnId).ToImmutableHashSet();
        if (candidates.IsEmpty) return;
        _registry.Ask<ConnectionRegistry.Live>(ConnectionRegistry.GetLive.Instance, _settings.RegistryTimeout)
            .PipeTo(Self, success: live => new LiveForPrune(live.Connections, candidates),
                failure: _ => new LiveForPrune([], []));
    }

    private void Prune(LiveForPrune live)
    {
        var alive = live.Connections.Select(c => c.ConnId).ToHashSet();
        foreach (var key in _committed.Keys.Where(k => live.Candidates.Contains(k.ConnId) && !alive.Contains(k.ConnId)).ToList())
            _committed.Remove(key);
    }
}
