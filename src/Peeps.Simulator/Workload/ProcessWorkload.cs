namespace Peeps.Simulator.Workload;

/// <summary>
/// Drives one process: sets up its long-lived entities, then each tick takes weighted random steps until
/// the tick's share of the target change rate has been generated.
/// </summary>
internal sealed class ProcessWorkload(ProcessContext ctx, RpcNetwork rpc, double changesPerTick)
{
    private readonly ChannelTraffic _channels = new();
    private readonly SyncTraffic _sync = new();
    private readonly IoTraffic _io = new();
    private readonly TaskTraffic _tasks = new();
    private bool _bootstrapped;
    private double _credit;

    public ProcessContext Context => ctx;

    public void Tick()
    {
        if (!_bootstrapped)
        {
            _tasks.Bootstrap(ctx);
            _channels.Bootstrap(ctx);
            _sync.Bootstrap(ctx);
            _io.Bootstrap(ctx);
            _bootstrapped = true;
        }
        // Steps emit several changes each; the credit carries the overshoot into the next tick so the rate averages out.
        _credit += changesPerTick;
        while (_credit >= 1)
        {
            var before = ctx.Graph.Log.NextSeqNo;
            Step();
            _credit -= ctx.Graph.Log.NextSeqNo - before;
        }
    }

    private void Step()
    {
        var roll = ctx.Random.Next(100);
        if (roll < 40) _channels.SendOrReceive(ctx);
        else if (roll < 45) _channels.Watch(ctx);
        else if (roll < 51) _channels.Oneshot(ctx);
        else if (roll < 52) _channels.CloseOrReplace(ctx);
        else if (roll < 68) _sync.Step(ctx);
        else if (roll < 80) _io.Step(ctx);
        else if (roll < 90) rpc.Step(ctx);
        else _tasks.Step(ctx);
    }
}
