using System.Collections.Immutable;
using System.Diagnostics;
using System.Text.Json;
using Akka.Actor;
using Akka.Cluster;
using Peeps.Ingest;
using Peeps.Ingest.Connections;
using Peeps.Ingest.Coordination;
using Peeps.Ingest.Snapshots;
using Peeps.Storage.Writing;
using Peeps.Wire.Messages;

namespace Peeps.Web.Cluster;

/// <summary>
/// One snapshot across the cluster, run by the snapshot coordinator singleton: every node's <see cref="NodeAgent"/>
/// asks its own connections and sends back its part. A node that is unreachable, removed, becomes unreachable while
/// the snapshot waits, or has not sent its part by the deadline, is named in <c>unreachable_nodes</c> and its
/// processes (as it last listed them) in <c>unreachable_processes</c> and <c>timed_out_processes</c>. The result is
/// recorded in every node's shard, so any node reads it back and diagnoses it.
/// </summary>
public sealed class ClusterSnapshotCollector : ReceiveActor, IWithTimers
{
    private readonly long _snapshotId;
    private readonly TimeSpan _timeout;
    private readonly IActorRef _replyTo;
    private readonly ClusterView _view;
    private readonly StoreOutbox _store;
    private readonly long _requestedAtNs = UnixTime.NowNs();
    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly Dictionary<string, Address> _waiting = new();
    private readonly Dictionary<string, NodeProcess[]> _asked = new();
    private readonly List<(string Node, NodeSnapshotPart Part)> _parts = [];
    private readonly Dictionary<string, string> _lost = new();
    private readonly Dictionary<long, (NodeSnapshotReply Reply, string Reason)> _tooLarge = new();
    private readonly TimeSpan _margin;
    private readonly ReplyBudget _budget;
    private bool _finished;

    public ITimerScheduler Timers { get; set; } = null!;

    public ClusterSnapshotCollector(
        long snapshotId, TimeSpan timeout, IActorRef replyTo, ClusterView view, StoreOutbox store, TimeSpan margin, long maxReplyBytes)
    {
        _budget = new ReplyBudget(maxReplyBytes);
        _snapshotId = snapshotId;
        _timeout = timeout;
        _replyTo = replyTo;
        _view = view;
        _store = store;

        Receive<NodeSnapshotAccepted>(accepted =>
        {
            if (accepted.SnapshotId != _snapshotId) return;
            _asked[accepted.Node] = accepted.Processes;
            _view.Remember(accepted.Node, accepted.Processes);
        });
        Receive<NodeSnapshotPart>(part =>
        {
            if (part.SnapshotId != _snapshotId || !_waiting.Remove(part.Node)) return;
            _parts.Add((part.Node, part with { Replies = [.. part.Replies.Where(Keep)] }));
            if (part.Error is { } error) _lost[part.Node] = error;
            FinishWhenNoneWaiting();
        });
        Receive<ClusterEvent.UnreachableMember>(unreachable =>
        {
            var node = ClusterView.NameOf(unreachable.Member);
            if (_waiting.Remove(node)) _lost[node] = "unreachable";
            FinishWhenNoneWaiting();
        });
        Receive<ClusterEvent.IClusterDomainEvent>(_ => { });
        Receive<Deadline>(_ =>
        {
            foreach (var node in _waiting.Keys) _lost[node] = $"did not answer within the snapshot's timeout ({(long)_timeout.TotalMilliseconds} ms)";
            _waiting.Clear();
            Finish();
        });
        _margin = margin;
    }

    public static Props Props(long snapshotId, TimeSpan timeout, IActorRef replyTo, ClusterView view, StoreOutbox store, TimeSpan margin, long maxReplyBytes) =>
        Akka.Actor.Props.Create(() => new ClusterSnapshotCollector(snapshotId, timeout, replyTo, view, store, margin, maxReplyBytes));

    /// <summary>
    /// The single node's reply budget (<c>Peeps:Snapshots:MaxReplyBytes</c>) over the whole cluster, first part first
    /// kept: a reply that would pass it is listed in <c>too_large_processes</c> and its bytes let go.
    /// </summary>
    private bool Keep(NodeSnapshotReply reply)
    {
        if (_budget.TryKeep(reply.Snapshot?.LongLength ?? 0) is not { } reason) return true;
        _tooLarge[reply.ConnId] = (reply, reason);
        return false;
    }

    protected override void PreStart()
    {
        // The nodes stop waiting at the timeout; the margin lets their parts travel back.
        Timers.StartSingleTimer("deadline", Deadline.Instance, _timeout + _margin);
        Akka.Cluster.Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents, typeof(ClusterEvent.UnreachableMember));
        var request = new CollectNodeSnapshot(_snapshotId, (long)_timeout.TotalMilliseconds);
        foreach (var member in _view.Members())
        {
            if (member.Unreachable)
            {
                _lost[member.Name] = "unreachable";
                continue;
            }
            _waiting[member.Name] = member.Address;
            Context.ActorSelection(new RootActorPath(member.Address) / "user" / NodeAgent.Name).Tell(request);
        }
        foreach (var removed in _view.Removed) _lost[removed.Key] = removed.Value;
        FinishWhenNoneWaiting();
    }

    protected override void PostStop()
    {
        Akka.Cluster.Cluster.Get(Context.System).Unsubscribe(Self);
        if (!_finished) _replyTo.Tell(new SnapshotFailed($"snapshot {_snapshotId} was abandoned: its coordinator stopped"));
    }

    private void FinishWhenNoneWaiting()
    {
        if (_waiting.Count == 0) Finish();
    }

    private void Finish()
    {
        if (_finished) return;
        _finished = true;
        Timers.CancelAll();
        var processes = new Dictionary<long, (string Node, NodeProcess Process)>();
        foreach (var (node, asked) in _asked)
            foreach (var p in asked) processes[p.ConnId] = (node, p);
        foreach (var node in _lost.Keys.Where(n => !_asked.ContainsKey(n)))
            foreach (var p in _view.LastKnown(node)) processes[p.ConnId] = (node, p);

        var answers = new List<SnapshotAnswer>();
        var timedOut = new List<LiveConnection>();
        var disconnected = new List<LiveConnection>();
        foreach (var (_, part) in _parts)
        {
            foreach (var reply in part.Replies)
                if (processes.TryGetValue(reply.ConnId, out var p))
                    answers.Add(new SnapshotAnswer(Live(p.Process),
                        new SnapshotReply(_snapshotId, reply.PtimeNowMs, reply.Snapshot is null ? null : new ReadOnlyMemory<byte>(reply.Snapshot)), reply.RepliedAfterMs));
            timedOut.AddRange(part.TimedOut.Where(processes.ContainsKey).Select(id => Live(processes[id].Process)));
            disconnected.AddRange(part.Disconnected.Where(processes.ContainsKey).Select(id => Live(processes[id].Process)));
        }
        var unreachable = processes.Values.Where(p => _lost.ContainsKey(p.Node) && !_parts.Any(x => x.Node == p.Node && x.Part.Error is null))
            .OrderBy(p => p.Process.ConnId).ToList();
        timedOut.AddRange(unreachable.Where(u => timedOut.All(t => t.ConnId != u.Process.ConnId)).Select(u => Live(u.Process)));
        var ordered = processes.Values.Select(p => p.Process.ConnId).Order().ToList();
        var outcome = new SnapshotOutcome(
            _snapshotId,
            DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            (long)_timeout.TotalMilliseconds,
            [.. answers.OrderBy(a => a.Connection, RegistryOrder.Instance)],
            [.. timedOut.Order(RegistryOrder.Instance)],
            [.. disconnected.Order(RegistryOrder.Instance)],
            [.. _tooLarge.Where(t => processes.ContainsKey(t.Key)).Select(t => new TooLargeReply(
                Live(processes[t.Key].Process), t.Value.Reply.PtimeNowMs, t.Value.Reply.RepliedAfterMs, t.Value.Reply.Snapshot?.LongLength ?? 0, t.Value.Reason))
                .OrderBy(t => t.Connection, RegistryOrder.Instance)],
            Stopwatch.GetElapsedTime(_started).TotalMilliseconds);
        var json = SnapshotResultJson.Write(outcome, writer => WriteNodes(writer, unreachable));
        var recorded = new SnapshotRecorded(
            _snapshotId, _requestedAtNs, UnixTime.NowNs(), outcome.TimeoutMs, ordered.Count, outcome.Answers.Length, outcome.TimedOut.Length, json);
        if (!_store.TryWrite(recorded))
        {
            _replyTo.Tell(new SnapshotFailed($"snapshot {_snapshotId} could not be stored: {StoreOutbox.OverloadedReason}"));
            Context.Stop(Self);
            return;
        }
        var copy = StoreNodeSnapshot.From(recorded);
        foreach (var member in _view.Members().Where(m => !m.Unreachable && m.Name != _view.Self))
            Context.ActorSelection(new RootActorPath(member.Address) / "user" / NodeAgent.Name).Tell(copy);
        _replyTo.Tell(new SnapshotTaken(_snapshotId, json));
        Context.Stop(Self);
    }

    private void WriteNodes(Utf8JsonWriter json, List<(string Node, NodeProcess Process)> unreachable)
    {
        json.WriteStartArray("unreachable_nodes");
        foreach (var (node, reason) in _lost.OrderBy(l => l.Key, StringComparer.Ordinal))
        {
            json.WriteStartObject();
            json.WriteString("node", node);
            json.WriteString("reason", reason);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartArray("unreachable_processes");
        foreach (var (node, process) in unreachable)
        {
            json.WriteStartObject();
            json.WriteNumber("process_id", process.ConnId);
            json.WriteString("process_name", process.ProcessName);
            json.WriteNumber("pid", process.Pid);
            json.WriteString("node", node);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteStartArray("nodes");
        foreach (var node in _asked.Keys.Concat(_lost.Keys).Distinct().Order(StringComparer.Ordinal))
            json.WriteStringValue(node);
        json.WriteEndArray();
    }

    private static LiveConnection Live(NodeProcess p) => new(p.ConnId, p.ProcessName, p.Pid, p.ConnectedAtNs, ActorRefs.Nobody);

    /// <summary>The order a single node's registry lists connections in, so the two answers match.</summary>
    private sealed class RegistryOrder : IComparer<LiveConnection>
    {
        public static readonly RegistryOrder Instance = new();

        public int Compare(LiveConnection? x, LiveConnection? y)
        {
            var byName = string.CompareOrdinal(x!.ProcessName, y!.ProcessName);
            if (byName != 0) return byName;
            var byPid = x.Pid.CompareTo(y.Pid);
            return byPid != 0 ? byPid : x.ConnId.CompareTo(y.ConnId);
        }
    }

    private sealed class Deadline
    {
        public static readonly Deadline Instance = new();
    }
}
