using System.Collections.Immutable;
using System.Diagnostics;
using Akka.Actor;
using Akka.Event;
using Peeps.Ingest.Connections;
using Peeps.Ingest.Coordination;
using Peeps.Ingest.Tracing;
using Peeps.Storage.Writing;
using Peeps.Wire.Messages;

namespace Peeps.Ingest.Snapshots;

/// <summary>
/// One snapshot: asks every live connection, and answers as soon as each has replied, gone away or been found
/// unreachable, or when the timeout fires, whichever is first. Then records the result and stops. It keeps replies
/// only up to its reply budget: a reply that would pass it is listed as too large, with the reason, and let go. Stopped
/// before that (its coordinator stopped after a journal failure, or the server is shutting down), it tells the
/// caller the snapshot failed instead of leaving it to time out.
/// </summary>
public sealed class SnapshotCollector : ReceiveActor, IWithTimers
{
    private const string DeadlineTimer = "deadline";

    private readonly long _snapshotId;
    private readonly TimeSpan _timeout;
    private readonly IActorRef _replyTo;
    private readonly IActorRef _registry;
    private readonly StoreOutbox _store;
    private readonly TimeSpan _registryTimeout;
    private readonly ReplyBudget _budget;
    private readonly long _requestedAtNs = UnixTime.NowNs();
    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly Dictionary<long, LiveConnection> _pending = new();
    private readonly Dictionary<IActorRef, long> _byActor = new();
    private readonly Dictionary<long, SnapshotAnswer> _answers = new();
    private readonly List<LiveConnection> _timedOut = [];
    private readonly List<LiveConnection> _disconnected = [];
    private readonly Dictionary<long, TooLargeReply> _tooLarge = new();
    private readonly ActivityContext _trace;
    private readonly Dictionary<long, Activity> _connectionSpans = new();
    private Activity? _span;
    private ImmutableArray<LiveConnection> _asked = [];
    private bool _listed;
    private bool _deadlinePassed;
    private bool _finished;

    public ITimerScheduler Timers { get; set; } = null!;

    public SnapshotCollector(long snapshotId, TimeSpan timeout, IActorRef replyTo, IActorRef registry, StoreOutbox store, TimeSpan registryTimeout,
        long maxReplyBytes, ActivityContext trace = default)
    {
        _trace = trace;
        _snapshotId = snapshotId;
        _timeout = timeout;
        _replyTo = replyTo;
        _registry = registry;
        _store = store;
        _registryTimeout = registryTimeout;
        _budget = new ReplyBudget(maxReplyBytes);

        Receive<ConnectionRegistry.Live>(live => FanOut(live.Connections));
        Receive<Status.Failure>(failure =>
        {
            _finished = true;
            _replyTo.Tell(new SnapshotFailed($"the connection registry did not answer: {failure.Cause.Message}"));
            Context.Stop(Self);
        });
        Receive<SnapshotReplied>(replied =>
        {
            if (replied.Reply.SnapshotId == _snapshotId && _pending.Remove(replied.ConnId, out var connection))
            {
                Keep(connection, replied.Reply);
                EndConnectionSpan(replied.ConnId, "replied");
            }
            FinishWhenNonePending();
        });
        Receive<ClientUnreachable>(unreachable =>
        {
            if (_pending.Remove(unreachable.ConnId, out var connection))
            {
                _log.Warning("snapshot {SnapshotId}: conn {ConnId} ({ProcessName}) is unreachable: {Reason}", _snapshotId, connection.ConnId, connection.ProcessName, unreachable.Reason);
                _timedOut.Add(connection);
                EndConnectionSpan(connection.ConnId, "unreachable", failed: true);
            }
            FinishWhenNonePending();
        });
        Receive<Terminated>(terminated =>
        {
            if (_byActor.TryGetValue(terminated.ActorRef, out var connId) && _pending.Remove(connId, out var connection))
            {
                _disconnected.Add(connection);
                EndConnectionSpan(connId, "disconnected", failed: true);
            }
            FinishWhenNonePending();
        });
        Receive<Deadline>(_ =>
        {
            // Before the registry's list there is nobody to report: wait for it (its Ask is bounded) and report
            // everyone on it as timed out, never an empty answer while processes are connected.
            _deadlinePassed = true;
            if (!_listed) return;
            _timedOut.AddRange(_pending.Values);
            _pending.Clear();
            Finish();
        });
    }

    public static Props Props(long snapshotId, TimeSpan timeout, IActorRef replyTo, IActorRef registry, StoreOutbox store, TimeSpan registryTimeout,
        long maxReplyBytes, ActivityContext trace = default) =>
        Akka.Actor.Props.Create(() => new SnapshotCollector(snapshotId, timeout, replyTo, registry, store, registryTimeout, maxReplyBytes, trace));

    protected override void PreStart()
    {
        _span = PeepsTracing.StartDetached("peeps.snapshot.collect", ActivityKind.Internal, _trace);
        _span?.SetTag(PeepsTracing.SnapshotIdTag, _snapshotId);
        Timers.StartSingleTimer(DeadlineTimer, Deadline.Instance, _timeout);
        _registry.Ask<ConnectionRegistry.Live>(ConnectionRegistry.GetLive.Instance, _registryTimeout).PipeTo(Self);
    }

    protected override void PostStop()
    {
        if (!_finished) _replyTo.Tell(new SnapshotFailed($"snapshot {_snapshotId} was abandoned: its coordinator stopped"));
        foreach (var span in _connectionSpans.Values) span.StopDetached("abandoned", failed: true);
        _span.StopDetached(_finished ? null : "abandoned", failed: !_finished);
    }

    private void FanOut(ImmutableArray<LiveConnection> connections)
    {
        _listed = true;
        _asked = connections;
        if (_deadlinePassed)
        {
            _timedOut.AddRange(connections);
            Finish();
            return;
        }
        var request = new RequestSnapshot(_snapshotId, (long)_timeout.TotalMilliseconds);
        foreach (var connection in connections)
        {
            _pending[connection.ConnId] = connection;
            _byActor[connection.Actor] = connection.ConnId;
            Context.Watch(connection.Actor);
            if (PeepsTracing.StartConnectionSpan("peeps.snapshot.request", _span?.Context ?? default, connection.ConnId, connection.ProcessName, connection.Pid) is { } span)
                _connectionSpans[connection.ConnId] = span;
            connection.Actor.Tell(request);
        }
        FinishWhenNonePending();
    }

    /// <summary>A reply past the budget is dropped here, so its bytes can go, and reported with its size.</summary>
    private void Keep(LiveConnection connection, SnapshotReply reply)
    {
        var repliedAfterMs = Stopwatch.GetElapsedTime(_started).TotalMilliseconds;
        long bytes = reply.Snapshot?.Length ?? 0;
        if (_budget.TryKeep(bytes) is { } reason)
        {
            _log.Warning("snapshot {0}: conn {1} ({2}): {3}", _snapshotId, connection.ConnId, connection.ProcessName, reason);
            _tooLarge[connection.ConnId] = new TooLargeReply(connection, reply.PtimeNowMs, repliedAfterMs, bytes, reason);
            return;
        }
        _answers[connection.ConnId] = new SnapshotAnswer(connection, reply, repliedAfterMs);
    }

    private void FinishWhenNonePending()
    {
        if (_pending.Count == 0) Finish();
    }

    private void Finish()
    {
        if (_finished) return;
        _finished = true;
        Timers.CancelAll();
        foreach (var connection in _timedOut) EndConnectionSpan(connection.ConnId, "timed_out", failed: true);
        var outcome = new SnapshotOutcome(
            _snapshotId,
            DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            (long)_timeout.TotalMilliseconds,
            [.. _asked.Where(c => _answers.ContainsKey(c.ConnId)).Select(c => _answers[c.ConnId])],
            [.. _asked.Where(_timedOut.Contains)],
            [.. _asked.Where(_disconnected.Contains)],
            [.. _asked.Where(c => _tooLarge.ContainsKey(c.ConnId)).Select(c => _tooLarge[c.ConnId])],
            Stopwatch.GetElapsedTime(_started).TotalMilliseconds);
        var json = SnapshotResultJson.Write(outcome);
        var recorded = new SnapshotRecorded(
            _snapshotId,
            _requestedAtNs,
            UnixTime.NowNs(),
            outcome.TimeoutMs,
            _asked.Length,
            outcome.Answers.Length + outcome.TooLarge.Length,
            outcome.TimedOut.Length,
            json) { Trace = _span?.Context ?? default };
        _span?.SetTag("peeps.snapshot.replied", outcome.Answers.Length).SetTag("peeps.snapshot.timed_out", outcome.TimedOut.Length);
        // Queued before answering: a snapshot answered 200 must be readable again from its history.
        if (_store.TryWrite(recorded))
            _replyTo.Tell(new SnapshotTaken(_snapshotId, json));
        else
            _replyTo.Tell(new SnapshotFailed($"snapshot {_snapshotId} could not be stored: {StoreOutbox.OverloadedReason}"));
        Context.Stop(Self);
    }

    private void EndConnectionSpan(long connId, string outcome, bool failed = false)
    {
        if (_connectionSpans.Remove(connId, out var span)) span.StopDetached(outcome, failed);
    }

    private sealed class Deadline
    {
        public static readonly Deadline Instance = new();
    }
}
