using System.Text.Json;
using Peeps.Simulator.Json;

namespace Peeps.Simulator.Model;

/// <summary>Flavor-specific channel state: mpsc, broadcast, watch or oneshot.</summary>
public abstract record ChannelDetails
{
    public abstract string Flavor { get; }

    internal void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteStartObject(Flavor);
        WriteContent(writer);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private protected abstract void WriteContent(Utf8JsonWriter writer);
}

/// <summary>A queue's fill; <paramref name="Capacity"/> is null for unbounded channels.</summary>
public sealed record ChannelBuffer(uint Occupancy, uint? Capacity)
{
    public bool IsFull => Capacity is { } capacity && Occupancy >= capacity;

    internal void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteNumber("occupancy", Occupancy);
        if (Capacity is { } capacity) writer.WriteNumber("capacity", capacity);
        else writer.WriteNull("capacity");
        writer.WriteEndObject();
    }
}

/// <summary>Queue-backed flavors (mpsc and broadcast) share one shape.</summary>
public sealed record BufferedChannelDetails(bool IsBroadcast, ChannelBuffer? Buffer) : ChannelDetails
{
    public override string Flavor => IsBroadcast ? "broadcast" : "mpsc";

    private protected override void WriteContent(Utf8JsonWriter writer)
    {
        writer.WritePropertyName("buffer");
        if (Buffer is null) writer.WriteNullValue();
        else Buffer.WriteTo(writer);
    }
}

public sealed record WatchDetails(ulong? LastUpdateAt) : ChannelDetails
{
    public override string Flavor => "watch";

    private protected override void WriteContent(Utf8JsonWriter writer)
    {
        if (LastUpdateAt is { } at) writer.WriteNumber("last_update_at", at);
        else writer.WriteNull("last_update_at");
    }
}

public enum OneshotState { Pending, Sent, Received, SenderDropped, ReceiverDropped }

public sealed record OneshotDetails(OneshotState State) : ChannelDetails
{
    public override string Flavor => "oneshot";

    private protected override void WriteContent(Utf8JsonWriter writer) => writer.WriteString("state", WireName.Of(State));
}
