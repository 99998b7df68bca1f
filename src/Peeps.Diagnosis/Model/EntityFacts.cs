namespace Peeps.Diagnosis.Model;

/// <summary>
/// The few facts of an entity body the diagnosis reads. A body variant the library does not know still gets an
/// entity (with its variant as kind and no facts): the model grows faster than servers.
/// </summary>
public sealed record EntityFacts
{
    public static readonly EntityFacts None = new();

    /// <summary><c>open</c>, or the close cause (<c>sender_dropped</c>, ...) of a closed channel end.</summary>
    public string? Lifecycle { get; init; }

    /// <summary><c>mpsc</c>, <c>broadcast</c>, <c>watch</c> or <c>oneshot</c> for channel ends.</summary>
    public string? ChannelFlavor { get; init; }

    public long? Occupancy { get; init; }

    public long? Capacity { get; init; }

    /// <summary>RPC method of a request or response.</summary>
    public string? Method { get; init; }

    /// <summary>Response status, once-cell state or oneshot state.</summary>
    public string? Status { get; init; }

    public long? MaxPermits { get; init; }

    public long? HandedOutPermits { get; init; }

    public bool IsClosed => Lifecycle is not null && Lifecycle != "open";

    public bool IsAtCapacity => Capacity is > 0 && Occupancy >= Capacity;
}
