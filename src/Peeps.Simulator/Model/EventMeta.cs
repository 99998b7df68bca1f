using System.Text.Json.Nodes;
using Peeps.Simulator.Json;

namespace Peeps.Simulator.Model;

public enum SendOutcome { Ok, Full, Closed }

public enum ReceiveOutcome { Ok, Empty, Closed }

public enum WaitKind { SendFull, ReceiveEmpty, Change }

/// <summary>The meta object each event kind carries, so an event's kind and meta cannot disagree.</summary>
public static class EventMeta
{
    public static JsonObject ChannelSent(SendOutcome outcome, uint? queueLen) =>
        new() { ["outcome"] = WireName.Of(outcome), ["queue_len"] = queueLen };

    public static JsonObject ChannelReceived(ReceiveOutcome outcome, uint? queueLen) =>
        new() { ["outcome"] = WireName.Of(outcome), ["queue_len"] = queueLen };

    public static JsonObject ChannelClosed(ChannelCloseCause cause) => new() { ["cause"] = WireName.Of(cause) };

    public static JsonObject WaitStarted(WaitKind kind) => new() { ["kind"] = WireName.Of(kind) };

    public static JsonObject WaitEnded(WaitKind kind, ulong waitNs) => new() { ["kind"] = WireName.Of(kind), ["wait_ns"] = waitNs };

    public static JsonObject StateChanged(string from, string to) => new() { ["from"] = from, ["to"] = to };
}
