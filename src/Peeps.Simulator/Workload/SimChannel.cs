using Peeps.Simulator.Model;

namespace Peeps.Simulator.Workload;

/// <summary>
/// A channel's two ends and who is waiting on them. The ends are entities in the graph; this keeps the
/// bookkeeping (waiters and since when) that the graph itself does not hold.
/// </summary>
internal sealed class SimChannel(string name, string txId, string rxId, ChannelDetails details)
{
    public string Name { get; } = name;
    public string TxId { get; set; } = txId;
    public string RxId { get; set; } = rxId;
    public ChannelDetails Details { get; set; } = details;
    public ChannelLifecycle Lifecycle { get; set; } = ChannelLifecycle.Open;
    public List<(string FutureId, ulong Since)> BlockedSenders { get; } = [];
    public (string FutureId, ulong Since)? BlockedReceiver { get; set; }

    /// <summary>The ratio of send attempts among send/receive steps; above one half the channel tends to fill up.</summary>
    public double SendBias { get; init; } = 0.5;

    public ChannelBuffer? Buffer => (Details as BufferedChannelDetails)?.Buffer;

    public string FlavorName => Details.Flavor;
}
