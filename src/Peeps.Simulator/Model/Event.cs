using System.Text.Json.Nodes;

namespace Peeps.Simulator.Model;

public enum EventKind { StateChanged, ChannelSent, ChannelReceived, ChannelClosed, ChannelWaitStarted, ChannelWaitEnded }

/// <summary>What an event is about: an entity or a scope.</summary>
public sealed record EventTarget(bool IsScope, string Id)
{
    public static EventTarget Entity(string id) => new(false, id);

    public static EventTarget Scope(string id) => new(true, id);
}

/// <summary>Something that happened at <paramref name="At"/> ms since process start. Build meta with <see cref="EventMeta"/>.</summary>
public sealed record Event(string Id, ulong At, string Source, EventTarget Target, EventKind Kind, JsonNode? Meta);
