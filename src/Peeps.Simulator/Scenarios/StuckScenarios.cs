namespace Peeps.Simulator.Scenarios;

/// <summary>The command-line and process names of the scenarios, and the processes each one runs in.</summary>
public static class StuckScenarios
{
    public static IReadOnlyList<StuckScenario> All { get; } = Enum.GetValues<StuckScenario>();

    /// <summary>The kebab-case name used by <c>peeps sim --scenario</c> and in process names.</summary>
    public static string Name(StuckScenario scenario) => scenario switch
    {
        StuckScenario.LockInversion => "lock-inversion",
        StuckScenario.ChannelCycle => "channel-cycle",
        StuckScenario.RpcCycle => "rpc-cycle",
        StuckScenario.LongChain => "long-chain",
        StuckScenario.StuckIo => "stuck-io",
        StuckScenario.ResolvingCycle => "resolving-cycle",
        _ => throw new ArgumentOutOfRangeException(nameof(scenario), scenario, null),
    };

    public static bool TryParse(string name, out StuckScenario scenario)
    {
        foreach (var candidate in All)
        {
            if (!string.Equals(Name(candidate), name, StringComparison.OrdinalIgnoreCase)) continue;
            scenario = candidate;
            return true;
        }
        scenario = default;
        return false;
    }

    /// <summary>The name suffixes of the scenario's processes: <c>{prefix}-{role}</c>; two-process scenarios end in <c>-a</c> and <c>-b</c>.</summary>
    public static IReadOnlyList<string> Roles(StuckScenario scenario) => scenario switch
    {
        StuckScenario.RpcCycle or StuckScenario.LongChain => [Name(scenario) + "-a", Name(scenario) + "-b"],
        _ => [Name(scenario)],
    };
}
