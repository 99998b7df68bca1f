using Peeps.Simulator.Runtime;
using Peeps.Simulator.Scenarios;

namespace Peeps.Simulator;

/// <summary>How many runtimes to simulate, where they connect, and how they behave. Same seed, same change sequence.</summary>
public sealed record SimulatorSettings
{
    public string Host { get; init; } = "127.0.0.1";
    public int Port { get; init; } = 9119;

    /// <summary>Busy runtimes with random traffic; may be 0 when <see cref="Scenarios"/> names some.</summary>
    public int ProcessCount { get; init; } = 3;

    /// <summary>
    /// Stuck runtimes run after the busy ones, each in processes of its own named <c>{NamePrefix}-{role}</c>
    /// (see <see cref="StuckScenarios.Roles"/>), with pids following the busy ones'. They take no part in the random traffic.
    /// </summary>
    public IReadOnlyList<StuckScenario> Scenarios { get; init; } = [];

    /// <summary>How long (in process time) the <see cref="StuckScenario.ResolvingCycle"/> deadlock lasts before a timeout breaks it.</summary>
    public TimeSpan ResolvingCycleHold { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>How long after it broke the <see cref="StuckScenario.ResolvingCycle"/> deadlock forms again.</summary>
    public TimeSpan ResolvingCycleGap { get; init; } = TimeSpan.FromSeconds(4);

    /// <summary>Process names are <c>{NamePrefix}-{index}</c>.</summary>
    public string NamePrefix { get; init; } = "sim";

    public int Seed { get; init; } = 1;

    /// <summary>Pids are <c>FirstPid + index</c>, so a run is reproducible and its streams (<c>proc:pid</c>) predictable.</summary>
    public uint FirstPid { get; init; } = 41_000;

    /// <summary>Target changes per second per process.</summary>
    public double ChangesPerSecond { get; init; } = 200;

    /// <summary>Live entities per process above which tasks are retired rather than spawned.</summary>
    public int EntityCount { get; init; } = 80;

    public TimeSpan TickInterval { get; init; } = TimeSpan.FromMilliseconds(100);
    public TimeSpan ReconnectDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How many processes (the last ones) never answer cuts or snapshots.</summary>
    public int SilentProcesses { get; init; }

    /// <summary>How many processes (just before the silent ones) answer cuts and snapshots only after <see cref="SlowReplyDelay"/>.</summary>
    public int SlowProcesses { get; init; }

    public TimeSpan SlowReplyDelay { get; init; } = TimeSpan.FromSeconds(2);

    public ClientLimits Limits { get; init; } = new();

    /// <summary>Busy runtimes only: a stuck one always answers, so its diagnosis is whole.</summary>
    public ProcessBehavior BehaviorOf(int index) =>
        index >= ProcessCount ? ProcessBehavior.Normal
        : index >= ProcessCount - SilentProcesses ? ProcessBehavior.Silent
        : index >= ProcessCount - SilentProcesses - SlowProcesses ? ProcessBehavior.Slow
        : ProcessBehavior.Normal;
}
