using System.Text.Json.Nodes;
using Peeps.Simulator.Model;

namespace Peeps.Simulator.Workload;

/// <summary>
/// Producers and consumers on the process's channels: sends that block when a bounded channel is full
/// (a future with a needs edge on the sender end), receivers that park on an empty one, watch updates,
/// oneshot round trips, and channels that close and are replaced.
/// </summary>
internal sealed class ChannelTraffic
{
    private const string SendSource = "src/dispatch.rs:67";
    private const string RecvSource = "src/worker/pool.rs:118";
    // Past this many parked senders a channel only drains, so blocked senders stay few and visible.
    private const int MaxBlockedSenders = 4;

    private readonly List<SimChannel> _buffered = [];
    private readonly List<SimChannel> _oneshots = [];
    private SimChannel? _watch;

    public void Bootstrap(ProcessContext ctx)
    {
        _buffered.Add(Open(ctx, "jobs", new BufferedChannelDetails(false, new ChannelBuffer(0, 16)), sendBias: 0.62));
        _buffered.Add(Open(ctx, "results", new BufferedChannelDetails(false, new ChannelBuffer(0, 64))));
        _buffered.Add(Open(ctx, "log_lines", new BufferedChannelDetails(false, new ChannelBuffer(0, null)), sendBias: 0.45));
        _buffered.Add(Open(ctx, "updates", new BufferedChannelDetails(true, new ChannelBuffer(0, 32)), sendBias: 0.55));
        _watch = Open(ctx, "config", new WatchDetails(null));
    }

    public void SendOrReceive(ProcessContext ctx)
    {
        var channel = ctx.Pick(_buffered);
        if (!channel.Lifecycle.IsOpen) return;
        var wantsSend = ctx.Chance(channel.SendBias) && channel.BlockedSenders.Count < MaxBlockedSenders;
        if (wantsSend) Send(ctx, channel);
        else Receive(ctx, channel);
    }

    public void Watch(ProcessContext ctx)
    {
        var watch = _watch!;
        if (watch.BlockedReceiver is { } waiter)
        {
            watch.Details = new WatchDetails(ctx.Graph.Now);
            UpdateEnds(ctx, watch);
            ctx.Emit(watch.TxId, EventKind.ChannelSent, EventMeta.ChannelSent(SendOutcome.Ok, null), "src/config/reload.rs:40");
            ctx.Emit(watch.RxId, EventKind.ChannelWaitEnded, EventMeta.WaitEnded(WaitKind.Change, ctx.WaitedNs(waiter.Since)), "src/config/reload.rs:58");
            ctx.Emit(watch.RxId, EventKind.ChannelReceived, EventMeta.ChannelReceived(ReceiveOutcome.Ok, null), "src/config/reload.rs:58");
            ctx.Graph.RemoveEntity(waiter.FutureId);
            watch.BlockedReceiver = null;
            return;
        }
        var future = ctx.Spawn("watch.changed", "src/config/reload.rs:55", FutureBody.Instance);
        ctx.Needs(future.Id, watch.RxId);
        ctx.Emit(watch.RxId, EventKind.ChannelWaitStarted, EventMeta.WaitStarted(WaitKind.Change), "src/config/reload.rs:55");
        watch.BlockedReceiver = (future.Id, ctx.Graph.Now);
    }

    /// <summary>A oneshot's whole life over a few steps: created with a parked receiver, then sent and received, or its sender dropped.</summary>
    public void Oneshot(ProcessContext ctx)
    {
        if (_oneshots.Count < 3 && (_oneshots.Count == 0 || ctx.Chance(0.5)))
        {
            var channel = Open(ctx, "reply", new OneshotDetails(OneshotState.Pending), statically: false);
            var future = ctx.Spawn("oneshot.recv", "src/rpc/reply.rs:31", FutureBody.Instance);
            ctx.Needs(future.Id, channel.RxId);
            ctx.Emit(channel.RxId, EventKind.ChannelWaitStarted, EventMeta.WaitStarted(WaitKind.ReceiveEmpty), "src/rpc/reply.rs:31");
            channel.BlockedReceiver = (future.Id, ctx.Graph.Now);
            _oneshots.Add(channel);
            return;
        }
        var oneshot = _oneshots[0];
        _oneshots.RemoveAt(0);
        var (waiterId, since) = oneshot.BlockedReceiver!.Value;
        if (ctx.Chance(0.8))
        {
            oneshot.Details = new OneshotDetails(OneshotState.Sent);
            UpdateEnds(ctx, oneshot);
            ctx.Emit(oneshot.TxId, EventKind.ChannelSent, EventMeta.ChannelSent(SendOutcome.Ok, null), "src/rpc/reply.rs:22");
            oneshot.Details = new OneshotDetails(OneshotState.Received);
            UpdateEnds(ctx, oneshot);
            ctx.Emit(oneshot.RxId, EventKind.ChannelWaitEnded, EventMeta.WaitEnded(WaitKind.ReceiveEmpty, ctx.WaitedNs(since)), "src/rpc/reply.rs:31");
            ctx.Emit(oneshot.RxId, EventKind.ChannelReceived, EventMeta.ChannelReceived(ReceiveOutcome.Ok, null), "src/rpc/reply.rs:31");
        }
        else
        {
            oneshot.Details = new OneshotDetails(OneshotState.SenderDropped);
            Close(ctx, oneshot, ChannelCloseCause.SenderDropped, "src/rpc/reply.rs:26");
            ctx.Emit(oneshot.RxId, EventKind.ChannelReceived, EventMeta.ChannelReceived(ReceiveOutcome.Closed, null), "src/rpc/reply.rs:31");
        }
        ctx.Graph.RemoveEntity(waiterId);
        ctx.Graph.RemoveEntity(oneshot.TxId);
        ctx.Graph.RemoveEntity(oneshot.RxId);
    }

    /// <summary>A consumer goes away: the channel closes (waking its parked senders with errors); the next time, it is replaced by a fresh one.</summary>
    public void CloseOrReplace(ProcessContext ctx)
    {
        var channel = ctx.Pick(_buffered);
        if (channel.Lifecycle.IsOpen)
        {
            Close(ctx, channel, ChannelCloseCause.ReceiverDropped, "src/worker/pool.rs:201");
            foreach (var (futureId, _) in channel.BlockedSenders)
            {
                ctx.Emit(channel.TxId, EventKind.ChannelSent, EventMeta.ChannelSent(SendOutcome.Closed, null), SendSource);
                ctx.Graph.RemoveEntity(futureId);
            }
            channel.BlockedSenders.Clear();
            if (channel.BlockedReceiver is { } receiver) ctx.Graph.RemoveEntity(receiver.FutureId);
            channel.BlockedReceiver = null;
            return;
        }
        ctx.Graph.RemoveEntity(channel.TxId);
        ctx.Graph.RemoveEntity(channel.RxId);
        var fresh = Open(ctx, channel.Name, channel.Details switch
        {
            BufferedChannelDetails b => b with { Buffer = b.Buffer is null ? null : b.Buffer with { Occupancy = 0 } },
            var other => other,
        }, channel.SendBias);
        _buffered[_buffered.IndexOf(channel)] = fresh;
    }

    private static void Send(ProcessContext ctx, SimChannel channel)
    {
        var verb = channel.FlavorName + ".send";
        var future = ctx.Spawn(verb, SendSource, FutureBody.Instance, new JsonObject { ["channel"] = channel.Name });
        var buffer = channel.Buffer!;
        if (buffer.IsFull && channel.FlavorName == "mpsc")
        {
            ctx.Needs(future.Id, channel.TxId);
            ctx.Emit(channel.TxId, EventKind.ChannelSent, EventMeta.ChannelSent(SendOutcome.Full, buffer.Occupancy), SendSource);
            ctx.Emit(channel.TxId, EventKind.ChannelWaitStarted, EventMeta.WaitStarted(WaitKind.SendFull), SendSource);
            channel.BlockedSenders.Add((future.Id, ctx.Graph.Now));
            return;
        }
        // A full broadcast channel overwrites its oldest value instead of blocking the sender.
        SetOccupancy(ctx, channel, buffer.IsFull ? buffer.Occupancy : buffer.Occupancy + 1);
        ctx.Emit(channel.TxId, EventKind.ChannelSent, EventMeta.ChannelSent(SendOutcome.Ok, channel.Buffer!.Occupancy), SendSource);
        ctx.Graph.RemoveEntity(future.Id);
        if (channel.BlockedReceiver is { } receiver)
        {
            channel.BlockedReceiver = null;
            ctx.Emit(channel.RxId, EventKind.ChannelWaitEnded, EventMeta.WaitEnded(WaitKind.ReceiveEmpty, ctx.WaitedNs(receiver.Since)), RecvSource);
            Take(ctx, channel);
            ctx.Graph.RemoveEntity(receiver.FutureId);
        }
    }

    private static void Receive(ProcessContext ctx, SimChannel channel)
    {
        if (channel.Buffer!.Occupancy > 0)
        {
            Take(ctx, channel);
            if (channel.BlockedSenders.Count == 0) return;
            var (futureId, since) = channel.BlockedSenders[0];
            channel.BlockedSenders.RemoveAt(0);
            ctx.Graph.RemoveEdge(futureId, channel.TxId, EdgeKind.Needs);
            ctx.Emit(channel.TxId, EventKind.ChannelWaitEnded, EventMeta.WaitEnded(WaitKind.SendFull, ctx.WaitedNs(since)), SendSource);
            SetOccupancy(ctx, channel, channel.Buffer!.Occupancy + 1);
            ctx.Emit(channel.TxId, EventKind.ChannelSent, EventMeta.ChannelSent(SendOutcome.Ok, channel.Buffer!.Occupancy), SendSource);
            ctx.Graph.RemoveEntity(futureId);
            return;
        }
        ctx.Emit(channel.RxId, EventKind.ChannelReceived, EventMeta.ChannelReceived(ReceiveOutcome.Empty, 0), RecvSource);
        if (channel.BlockedReceiver is not null) return;
        var future = ctx.Spawn(channel.FlavorName + ".recv", RecvSource, FutureBody.Instance, new JsonObject { ["channel"] = channel.Name });
        ctx.Needs(future.Id, channel.RxId);
        ctx.Emit(channel.RxId, EventKind.ChannelWaitStarted, EventMeta.WaitStarted(WaitKind.ReceiveEmpty), RecvSource);
        channel.BlockedReceiver = (future.Id, ctx.Graph.Now);
    }

    private static void Take(ProcessContext ctx, SimChannel channel)
    {
        SetOccupancy(ctx, channel, channel.Buffer!.Occupancy - 1);
        ctx.Emit(channel.RxId, EventKind.ChannelReceived, EventMeta.ChannelReceived(ReceiveOutcome.Ok, channel.Buffer!.Occupancy), RecvSource);
    }

    private static void SetOccupancy(ProcessContext ctx, SimChannel channel, uint occupancy)
    {
        var details = (BufferedChannelDetails)channel.Details;
        channel.Details = details with { Buffer = details.Buffer! with { Occupancy = occupancy } };
        UpdateEnds(ctx, channel);
    }

    private static void Close(ProcessContext ctx, SimChannel channel, ChannelCloseCause cause, string source)
    {
        channel.Lifecycle = ChannelLifecycle.Closed(cause);
        UpdateEnds(ctx, channel);
        var (closed, closer) = cause == ChannelCloseCause.SenderDropped ? (channel.RxId, channel.TxId) : (channel.TxId, channel.RxId);
        ctx.Graph.Upsert(new Edge(closed, closer, EdgeKind.ClosedBy, null));
        ctx.Emit(closed, EventKind.ChannelClosed, EventMeta.ChannelClosed(cause), source);
    }

    private static void UpdateEnds(ProcessContext ctx, SimChannel channel)
    {
        ctx.Graph.Upsert(ctx.Graph.Entity(channel.TxId) with { Body = new ChannelEndBody(true, channel.Lifecycle, channel.Details) });
        ctx.Graph.Upsert(ctx.Graph.Entity(channel.RxId) with { Body = new ChannelEndBody(false, channel.Lifecycle, channel.Details) });
    }

    private static SimChannel Open(ProcessContext ctx, string name, ChannelDetails details, double sendBias = 0.5, bool statically = true)
    {
        var meta = new JsonObject { ["channel"] = name };
        var txBody = new ChannelEndBody(true, ChannelLifecycle.Open, details);
        var rxBody = new ChannelEndBody(false, ChannelLifecycle.Open, details);
        var tx = statically
            ? ctx.SpawnStatic(name + ".tx", "src/main.rs:88", txBody, meta)
            : ctx.Spawn(name + ".tx", "src/rpc/reply.rs:18", txBody, meta);
        var rx = statically
            ? ctx.SpawnStatic(name + ".rx", "src/main.rs:88", rxBody, meta.DeepClone())
            : ctx.Spawn(name + ".rx", "src/rpc/reply.rs:18", rxBody, meta.DeepClone());
        ctx.Graph.Upsert(new Edge(tx.Id, rx.Id, EdgeKind.ChannelLink, null));
        return new SimChannel(name, tx.Id, rx.Id, details) { SendBias = sendBias };
    }
}
