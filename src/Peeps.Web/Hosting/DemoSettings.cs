namespace Peeps.Web.Hosting;

/// <summary>
/// The simulated runtimes of demo mode (<c>--demo</c>). Small enough to leave the machine idle, varied enough that
/// every query pack and the cut and snapshot paths have something to show: one runtime answers requests late, and the
/// stuck runtimes put real deadlocks, a long chain and a root blocker in front of the diagnosis.
/// </summary>
public sealed record DemoSettings
{
    public int ProcessCount { get; init; } = 4;

    /// <summary>Runtimes that answer cuts and snapshots only after <see cref="SlowReplyDelay"/>.</summary>
    public int SlowProcesses { get; init; } = 1;

    public TimeSpan SlowReplyDelay { get; init; } = TimeSpan.FromSeconds(2);

    public double ChangesPerSecond { get; init; } = 40;

    public int EntityCount { get; init; } = 60;

    public int Seed { get; init; } = 1;

    public string NamePrefix { get; init; } = "demo";

    /// <summary>Also run every stuck scenario, each in processes of its own (<c>demo-lock-inversion</c>, ...), after the busy ones.</summary>
    public bool StuckRuntimes { get; init; } = true;
}
