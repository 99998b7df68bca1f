using System.Diagnostics;
using Akka.Actor;
using Peeps.Ingest.Connections;

namespace Peeps.Web.Cluster;

/// <summary>
/// This node's share of a cluster snapshot: asks each local connection, then sends every reply back in one
/// <see cref="NodeSnapshotPart"/> once all have answered, gone or been found unreachable, or at the timeout.
/// </summary>
public sealed class NodeSnapshotCollector : ReceiveActor, IWithTimers
{
    // Room for the part's own fields and the serializer's encoding of the replies (base64 grows bytes by a third).
    private const double EncodedGrowth = 4.0 / 3.0;
    private const int Envelope = 64 * 1024;

    private readonly string _node;
    private readonly CollectNodeSnapshot _request;
    private readonly IActorRef _replyTo;
    private readonly ClusterSettings _settings;
    private readonly long _started = Stopwatch.GetTimestamp();
    private readonly Dictionary<long, LiveConnection> _pending = new();
    private readonly Dictionary<IActorRef, long> _byActor = new();
    private readonly List<NodeSnapshotReply> _replies = [];
    private readonly List<long> _timedOut = [];
    private readonly List<long> _disconnected = [];
    private bool _finished;

    public ITimerScheduler Timers { get; set; } = null!;

    public NodeSnapshotCollector(string node, CollectNodeSnapshot request, IActorRef replyTo, IActorRef registry, ClusterSettings settings)
    {
        _node = node;
        _request = request;
        _replyTo = replyTo;
        _settings = settings;

        Receive<ConnectionRegistry.Live>(FanOut);
        Receive<Status.Failure>(failure => Finish($"the node's connection registry did not answer: {failure.Cause.Message}"));
        Receive<SnapshotReplied>(replied =>
        {
            if (replied.Reply.SnapshotId == _request.SnapshotId && _pending.Remove(replied.ConnId))
                _replies.Add(new NodeSnapshotReply(
                    replied.ConnId, replied.Reply.PtimeNowMs, replied.Reply.Snapshot?.ToArray(), Stopwatch.GetElapsedTime(_started).TotalMilliseconds));
            FinishWhenNonePending();
        });
        Receive<ClientUnreachable>(unreachable =>
        {
            if (_pending.Remove(unreachable.ConnId)) _timedOut.Add(unreachable.ConnId);
            FinishWhenNonePending();
        });
        Receive<Terminated>(terminated =>
        {
            if (_byActor.TryGetValue(terminated.ActorRef, out var connId) && _pending.Remove(connId)) _disconnected.Add(connId);
            FinishWhenNonePending();
        });
        Receive<Deadline>(_ =>
        {
            _timedOut.AddRange(_pending.Keys);
            _pending.Clear();
            Finish(null);
        });
        registry.Ask<ConnectionRegistry.Live>(ConnectionRegistry.GetLive.Instance, settings.GatherTimeout).PipeTo(Self);
    }

    public static Props Props(string node, CollectNodeSnapshot request, IActorRef replyTo, IActorRef registry, ClusterSettings settings) =>
        Akka.Actor.Props.Create(() => new NodeSnapshotCollector(node, request, replyTo, registry, settings));

    protected override void PreStart() =>
        Timers.StartSingleTimer("deadline", Deadline.Instance, TimeSpan.FromMilliseconds(_request.TimeoutMs));

    private void FanOut(ConnectionRegistry.Live live)
    {
        _replyTo.Tell(new NodeSnapshotAccepted(_node, _request.SnapshotId, [.. live.Connections.Select(NodeProcess.From)]));
        var ask = new RequestSnapshot(_request.SnapshotId, _request.TimeoutMs);
        foreach (var connection in live.Connections)
        {
            _pending[connection.ConnId] = connection;
            _byActor[connection.Actor] = connection.ConnId;
            Context.Watch(connection.Actor);
            connection.Actor.Tell(ask);
        }
        FinishWhenNonePending();
    }

    private void FinishWhenNonePending()
    {
        if (_pending.Count == 0) Finish(null);
    }

    private void Finish(string? error)
    {
        if (_finished) return;
        _finished = true;
        Timers.CancelAll();
        var bytes = _replies.Sum(r => (long)(r.Snapshot?.Length ?? 0));
        if (error is null && bytes * EncodedGrowth + Envelope > _settings.MaxRemoteMessageBytes)
        {
            error = $"the node's replies ({bytes} bytes) do not fit in one message between nodes (Peeps:Cluster:MaxRemoteMessageBytes = {_settings.MaxRemoteMessageBytes})";
            _timedOut.AddRange(_replies.Select(r => r.ConnId));
            _replies.Clear();
        }
        _replyTo.Tell(new NodeSnapshotPart(_node, _request.SnapshotId, [.. _replies], [.. _timedOut], [.. _disconnected], error));
        Context.Stop(Self);
    }

    private sealed class Deadline
    {
        public static readonly Deadline Instance = new();
    }
}
