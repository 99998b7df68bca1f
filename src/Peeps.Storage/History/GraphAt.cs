namespace Peeps.Storage.History;

/// <summary>Every process connected at <see cref="AtNs"/>, each with its streams' states rebuilt as of that instant.</summary>
public sealed record GraphAt(long AtNs, IReadOnlyList<ProcessAt> Processes);

/// <summary>A connection alive at the instant (connected at or before it, not yet disconnected) and its streams.</summary>
public sealed record ProcessAt(
    long ConnId,
    string ProcessName,
    long Pid,
    long ConnectedAtNs,
    long? DisconnectedAtNs,
    IReadOnlyList<RebuiltStream> Streams)
{
    /// <summary>The newest batch any of its streams had at the instant: how current its rebuilt state is.</summary>
    public long? StateAtNs => Streams.Max(s => s.LastBatchAtNs);

    /// <summary>False when retention removed history the instant needs for any of its streams.</summary>
    public bool Held => Streams.All(s => s.Status != StreamHistoryStatus.NotHeld);
}
