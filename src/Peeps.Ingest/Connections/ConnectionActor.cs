using System.Threading.Channels;
using Akka.Actor;
using Akka.Event;
using Akka.Streams;
using Peeps.Wire.Messages;

namespace Peeps.Ingest.Connections;

/// <summary>
/// One per TCP connection: owns its outbound queue, routes replies to whoever asked for them,
/// and closes the connection when the handshake does not come in time.
/// </summary>
public sealed class ConnectionActor : ReceiveActor, IWithTimers
{
    private const string HandshakeTimer = "handshake";
    private const int MaxPendingCuts = 256;
    private static readonly TimeSpan DefaultSnapshotReplySlack = TimeSpan.FromSeconds(5);

    private readonly long _connId;
    private readonly ChannelWriter<ServerMessage> _outbound;
    private readonly IKillSwitch _killSwitch;
    private readonly IActorRef _registry;
    private readonly TimeSpan _handshakeTimeout;
    private readonly OrderedDictionary<string, IActorRef> _pendingCuts = new();
    private readonly Dictionary<long, IActorRef> _pendingSnapshots = new();
    private readonly TimeSpan _snapshotReplySlack;
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private bool _identified;

    public ITimerScheduler Timers { get; set; } = null!;

    public ConnectionActor(long connId, ChannelWriter<ServerMessage> outbound, IKillSwitch killSwitch, IActorRef registry, TimeSpan handshakeTimeout, TimeSpan? snapshotReplySlack = null)
    {
        _snapshotReplySlack = snapshotReplySlack ?? DefaultSnapshotReplySlack;
        _connId = connId;
        _outbound = outbound;
        _killSwitch = killSwitch;
        _registry = registry;
        _handshakeTimeout = handshakeTimeout;

        Receive<RequestCut>(OnRequestCut);
        Receive<RequestSnapshot>(request => Send(
            new SnapshotRequest(request.SnapshotId, request.TimeoutMs),
            () => RememberSnapshotAsker(request)));
        // A block, not an expression: Receive treats a handler that returns false as not handling the message.
        Receive<ForgetSnapshot>(forget => { _pendingSnapshots.Remove(forget.SnapshotId); });
        Receive<FromClient>(message => OnClientMessage(message.Message));
        Receive<HandshakeDeadline>(_ => OnHandshakeDeadline());
        Receive<ConnectionStreamEnded>(ended =>
        {
            _log.Debug("conn {ConnId}: stream ended ({Reason})", _connId, ended.Reason);
            Context.Stop(Self);
        });
    }

    /// <param name="snapshotReplySlack">How long past a snapshot's timeout a late reply still reaches its asker (default 5 s).</param>
    public static Props Props(long connId, ChannelWriter<ServerMessage> outbound, IKillSwitch killSwitch, IActorRef registry, TimeSpan handshakeTimeout, TimeSpan? snapshotReplySlack = null) =>
        Akka.Actor.Props.Create(() => new ConnectionActor(connId, outbound, killSwitch, registry, handshakeTimeout, snapshotReplySlack));

    protected override void PreStart() => Timers.StartSingleTimer(HandshakeTimer, HandshakeDeadline.Instance, _handshakeTimeout);

    protected override void PostStop() => _outbound.TryComplete();

    private void Send(ServerMessage message, Action rememberAsker)
    {
        if (_outbound.TryWrite(message))
        {
            rememberAsker();
            return;
        }
        Sender.Tell(new ClientUnreachable(_connId, "outbound queue is full: the client is not reading"));
    }

    /// <summary>
    /// A cut coordinator started again after a journal failure asks again for the acks it has not seen. If the
    /// client still owes the ack, its ack goes to the newest asker and the client is not asked twice; if the ack
    /// already went to the earlier coordinator, the client is asked again.
    /// </summary>
    private void OnRequestCut(RequestCut request)
    {
        if (_pendingCuts.ContainsKey(request.CutId))
            _pendingCuts[request.CutId] = Sender;
        else
            Send(new CutRequest(request.CutId), () => RememberCutAsker(request.CutId));
    }

    /// <summary>A client that never acks must not grow this without bound: past the limit the oldest cut is forgotten.</summary>
    private void RememberCutAsker(string cutId)
    {
        if (_pendingCuts.Count >= MaxPendingCuts)
            _pendingCuts.RemoveAt(0);
        _pendingCuts[cutId] = Sender;
    }

    /// <summary>Nobody waits for a reply after its timeout, so the asker is forgotten then (with slack for a late reply in flight).</summary>
    private void RememberSnapshotAsker(RequestSnapshot request)
    {
        _pendingSnapshots[request.SnapshotId] = Sender;
        Timers.StartSingleTimer(
            SnapshotTimer(request.SnapshotId),
            new ForgetSnapshot(request.SnapshotId),
            TimeSpan.FromMilliseconds(Math.Max(request.TimeoutMs, 0)) + _snapshotReplySlack);
    }

    private void OnClientMessage(ClientMessage message)
    {
        switch (message)
        {
            case Handshake handshake:
                if (_identified)
                    _log.Warning("conn {ConnId}: second handshake ({ProcessName}, pid {Pid}); identity updated", _connId, handshake.ProcessName, handshake.Pid);
                _identified = true;
                Timers.Cancel(HandshakeTimer);
                _registry.Tell(new ConnectionRegistry.Identified(_connId, handshake.ProcessName, handshake.Pid));
                break;
            case CutAck ack when _pendingCuts.Remove(ack.CutId, out var cutAsker):
                cutAsker.Tell(new CutAcknowledged(_connId, ack.CutId, ack.Cursor));
                break;
            case CutAck ack:
                _log.Warning("conn {ConnId}: cut_ack for {CutId}, which was not requested of it; ignored", _connId, ack.CutId);
                break;
            case SnapshotReply reply when _pendingSnapshots.Remove(reply.SnapshotId, out var snapshotAsker):
                Timers.Cancel(SnapshotTimer(reply.SnapshotId));
                snapshotAsker.Tell(new SnapshotReplied(_connId, reply));
                break;
            case SnapshotReply reply:
                _log.Warning("conn {ConnId}: snapshot_reply for {SnapshotId}, which was not requested of it; ignored", _connId, reply.SnapshotId);
                break;
            case ClientError error:
                _log.Warning("conn {ConnId}: client {ProcessName} (pid {Pid}) reports an error at stage {Stage}: {Error}", _connId, error.ProcessName, error.Pid, error.Stage, error.Error);
                break;
            case UnknownClientMessage unknown:
                _log.Warning("conn {ConnId}: skipped a message of unknown variant '{Variant}'", _connId, unknown.Variant);
                break;
        }
    }

    private void OnHandshakeDeadline()
    {
        if (_identified) return;
        _log.Warning("conn {ConnId}: no handshake within {HandshakeTimeout}; closing the connection", _connId, _handshakeTimeout);
        _killSwitch.Abort(new ProtocolViolationException($"no handshake within {_handshakeTimeout}"));
    }

    private static string SnapshotTimer(long snapshotId) => $"snapshot-{snapshotId}";

    private sealed record ForgetSnapshot(long SnapshotId);

    private sealed class HandshakeDeadline
    {
        public static readonly HandshakeDeadline Instance = new();
    }
}
