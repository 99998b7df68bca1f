namespace Peeps.Simulator.Scenarios;

/// <summary>
/// A stuck scenario driving its own processes. Its first tick lays it out; after that a stuck runtime changes
/// nothing (and so, like the client, sends nothing new) unless the scenario is one that moves.
/// </summary>
internal abstract class ScenarioWorkload(IReadOnlyList<ScenarioProcess> processes)
{
    private bool _laidOut;

    protected IReadOnlyList<ScenarioProcess> Processes => processes;

    public static ScenarioWorkload Create(StuckScenario scenario, IReadOnlyList<ScenarioProcess> processes, SimulatorSettings options) => scenario switch
    {
        StuckScenario.LockInversion => new LockInversionScenario(processes),
        StuckScenario.ChannelCycle => new ChannelCycleScenario(processes),
        StuckScenario.RpcCycle => new RpcCycleScenario(processes),
        StuckScenario.LongChain => new LongChainScenario(processes),
        StuckScenario.StuckIo => new StuckIoScenario(processes),
        StuckScenario.ResolvingCycle => new ResolvingCycleScenario(processes, options.ResolvingCycleHold, options.ResolvingCycleGap),
        _ => throw new ArgumentOutOfRangeException(nameof(scenario), scenario, null),
    };

    public void Tick()
    {
        if (_laidOut)
        {
            Advance();
            return;
        }
        foreach (var process in processes) process.LayOut();
        LayOut();
        _laidOut = true;
    }

    protected abstract void LayOut();

    /// <summary>Called on every tick after the first.</summary>
    protected virtual void Advance()
    {
    }
}
