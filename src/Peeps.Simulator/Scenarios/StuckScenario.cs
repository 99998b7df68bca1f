namespace Peeps.Simulator.Scenarios;

/// <summary>
/// Runtimes that really get stuck, each in processes of its own (<c>{prefix}-{role}</c>), so a diagnosis of them has
/// one exact answer: the deadlock, chain or root blocker the scenario builds, and nothing else.
/// </summary>
public enum StuckScenario
{
    /// <summary>Two tasks of one process each hold the lock the other waits for (<c>lock-inversion</c>).</summary>
    LockInversion,

    /// <summary>Two tasks each blocked sending into the full bounded channel the other drains (<c>channel-cycle</c>).</summary>
    ChannelCycle,

    /// <summary>A calls B, B calls back into A, and A's handler waits on a lock the original caller holds (<c>rpc-cycle</c>).</summary>
    RpcCycle,

    /// <summary>Five tasks queued on each other's locks, then an RPC into a second process, ending at running work: no cycle (<c>long-chain</c>).</summary>
    LongChain,

    /// <summary>Tasks waiting on a lock whose holder waits on a network read: a root blocker, not a deadlock (<c>stuck-io</c>).</summary>
    StuckIo,

    /// <summary>A lock-order inversion that one side's timeout breaks, forming again after a while (<c>resolving-cycle</c>).</summary>
    ResolvingCycle,
}
