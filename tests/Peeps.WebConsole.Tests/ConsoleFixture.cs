using Microsoft.Playwright;
using Peeps.Simulator;

namespace Peeps.WebConsole.Tests;

/// <summary>
/// One real peeps-web host fed over TCP by simulated runtimes (one of them silent, so snapshots time it out)
/// and by two hand-driven runtimes (<see cref="SaturatedRuntime"/>, <see cref="EntityStatesRuntime"/>), plus one Chromium, shared by every browser test to keep the suite short.
/// </summary>
public sealed class ConsoleFixture : IAsyncLifetime
{
    public const string SimulatedPrefix = "console-sim";
    public const int SimulatedProcesses = 3;

    private IPlaywright? _playwright;

    public PeepsServer Server { get; private set; } = null!;
    public Simulation Simulation { get; private set; } = null!;
    public HandDrivenRuntime Saturated { get; private set; } = null!;
    public HandDrivenRuntime States { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;

    public SimulatedRuntime SilentRuntime => Simulation.Runtimes.Single(r => r.Behavior == ProcessBehavior.Silent);

    public int ConnectedProcesses => SimulatedProcesses + 2;

    public async Task InitializeAsync()
    {
        (_playwright, Browser) = await ChromiumBrowser.LaunchAsync();
        Server = await PeepsServer.StartAsync();
        Simulation = Simulation.Start(new SimulatorSettings
        {
            Host = Server.Ingest.Address.ToString(),
            Port = Server.Ingest.Port,
            ProcessCount = SimulatedProcesses,
            SilentProcesses = 1,
            NamePrefix = SimulatedPrefix,
            EntityCount = 40,
            ChangesPerSecond = 60,
        });
        Saturated = await HandDrivenRuntime.ConnectAsync(Server, SaturatedRuntime.Script);
        States = await HandDrivenRuntime.ConnectAsync(Server, EntityStatesRuntime.Script);
        await Simulation.WaitForAllConnectedAsync().WaitAsync(TimeSpan.FromSeconds(15));
        await Eventually.Until(
            () => Server.GetJsonAsync("/api/connections"),
            view => view.GetProperty("connected_processes").GetInt32() == ConnectedProcesses,
            TimeSpan.FromSeconds(15),
            "every runtime registered with the server");
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.CloseAsync();
        _playwright?.Dispose();
        if (States is not null) await States.DisposeAsync();
        if (Saturated is not null) await Saturated.DisposeAsync();
        if (Simulation is not null) await Simulation.DisposeAsync();
        if (Server is not null) await Server.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ConsoleCollection : ICollectionFixture<ConsoleFixture>, ICollectionFixture<StuckSystemFixture>
{
    public const string Name = "console";
}
