using System.Text.Json;
using Peeps.Simulator.Json;

namespace Peeps.Simulator.Model;

/// <summary>What an entity is. Every variant of the wire's <c>EntityBody</c> has a record here.</summary>
public abstract record EntityBody
{
    /// <summary>The variant name on the wire (<c>future</c>, <c>channel_tx</c>, ...).</summary>
    public abstract string Variant { get; }

    internal virtual void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteStartObject(Variant);
        WriteContent(writer);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private protected abstract void WriteContent(Utf8JsonWriter writer);
}

/// <summary>The one unit variant: encoded as the bare string <c>"future"</c>.</summary>
public sealed record FutureBody : EntityBody
{
    public static readonly FutureBody Instance = new();

    public override string Variant => "future";

    internal override void WriteTo(Utf8JsonWriter writer) => writer.WriteStringValue(Variant);

    private protected override void WriteContent(Utf8JsonWriter writer)
    {
    }
}

public enum LockKind { Mutex, RwLock, Other }

public sealed record LockBody(LockKind Kind) : EntityBody
{
    public override string Variant => "lock";

    private protected override void WriteContent(Utf8JsonWriter writer) => writer.WriteString("kind", WireName.Of(Kind));
}

/// <summary>Both ends of a channel; <paramref name="IsSender"/> picks <c>channel_tx</c> or <c>channel_rx</c>.</summary>
public sealed record ChannelEndBody(bool IsSender, ChannelLifecycle Lifecycle, ChannelDetails Details) : EntityBody
{
    public override string Variant => IsSender ? "channel_tx" : "channel_rx";

    private protected override void WriteContent(Utf8JsonWriter writer)
    {
        writer.WritePropertyName("lifecycle");
        Lifecycle.WriteTo(writer);
        writer.WritePropertyName("details");
        Details.WriteTo(writer);
    }
}

public sealed record SemaphoreBody(uint MaxPermits, uint HandedOutPermits) : EntityBody
{
    public override string Variant => "semaphore";

    private protected override void WriteContent(Utf8JsonWriter writer)
    {
        writer.WriteNumber("max_permits", MaxPermits);
        writer.WriteNumber("handed_out_permits", HandedOutPermits);
    }
}

public sealed record NotifyBody(uint WaiterCount) : EntityBody
{
    public override string Variant => "notify";

    private protected override void WriteContent(Utf8JsonWriter writer) => writer.WriteNumber("waiter_count", WaiterCount);
}

public enum OnceCellState { Empty, Initializing, Initialized }

public sealed record OnceCellBody(uint WaiterCount, OnceCellState State) : EntityBody
{
    public override string Variant => "once_cell";

    private protected override void WriteContent(Utf8JsonWriter writer)
    {
        writer.WriteNumber("waiter_count", WaiterCount);
        writer.WriteString("state", WireName.Of(State));
    }
}

public sealed record CommandBody(string Program, IReadOnlyList<string> Args, IReadOnlyList<string> Env) : EntityBody
{
    public override string Variant => "command";

    private protected override void WriteContent(Utf8JsonWriter writer)
    {
        writer.WriteString("program", Program);
        WriteStrings(writer, "args", Args);
        WriteStrings(writer, "env", Env);
    }

    private static void WriteStrings(Utf8JsonWriter writer, string name, IReadOnlyList<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values) writer.WriteStringValue(value);
        writer.WriteEndArray();
    }
}

public enum FileOpKind { Open, Read, Write, Sync, Metadata, Remove, Rename, Other }

public sealed record FileOpBody(FileOpKind Op, string Path) : EntityBody
{
    public override string Variant => "file_op";

    private protected override void WriteContent(Utf8JsonWriter writer)
    {
        writer.WriteString("op", WireName.Of(Op));
        writer.WriteString("path", Path);
    }
}

public enum NetOp { Connect, Accept, Read, Write }

/// <summary>The four network variants share one shape; <paramref name="Op"/> picks <c>net_connect</c>, <c>net_accept</c>, ...</summary>
public sealed record NetBody(NetOp Op, string Addr) : EntityBody
{
    public override string Variant => "net_" + WireName.Of(Op);

    private protected override void WriteContent(Utf8JsonWriter writer) => writer.WriteString("addr", Addr);
}

public sealed record RequestBody(string Method, string ArgsPreview) : EntityBody
{
    public override string Variant => "request";

    private protected override void WriteContent(Utf8JsonWriter writer)
    {
        writer.WriteString("method", Method);
        writer.WriteString("args_preview", ArgsPreview);
    }
}

public enum ResponseStatus { Pending, Ok, Error, Cancelled }

public sealed record ResponseBody(string Method, ResponseStatus Status) : EntityBody
{
    public override string Variant => "response";

    private protected override void WriteContent(Utf8JsonWriter writer)
    {
        writer.WriteString("method", Method);
        writer.WriteString("status", WireName.Of(Status));
    }
}
