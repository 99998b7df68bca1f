using System.Text.Json;
using Peeps.Simulator.Json;

namespace Peeps.Simulator.Model;

public enum ChannelCloseCause { SenderDropped, ReceiverDropped, ReceiverClosed }

/// <summary>A channel end is open until a close cause is set; on the wire <c>"open"</c> or <c>{"closed": cause}</c>.</summary>
public sealed record ChannelLifecycle(ChannelCloseCause? ClosedBy)
{
    public static readonly ChannelLifecycle Open = new((ChannelCloseCause?)null);

    public bool IsOpen => ClosedBy is null;

    public static ChannelLifecycle Closed(ChannelCloseCause cause) => new(cause);

    internal void WriteTo(Utf8JsonWriter writer)
    {
        if (ClosedBy is not { } cause)
        {
            writer.WriteStringValue("open");
            return;
        }
        writer.WriteStartObject();
        writer.WriteString("closed", WireName.Of(cause));
        writer.WriteEndObject();
    }
}
