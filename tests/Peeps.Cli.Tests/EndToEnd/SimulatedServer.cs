using Peeps.Simulator;

namespace Peeps.Cli.Tests.EndToEnd;

/// <summary>
/// The real peeps-web host fed by three simulated runtimes, shared by a test class: starting it costs a second,
/// and the tests only read. Ready once every runtime is connected and channels have reached the tables.
/// </summary>
public sealed class SimulatedServer : IAsyncLifetime
{
    public const int ProcessCount = 3;
    public const string NamePrefix = "e2e";

    private Simulation? _simulation;

    public PeepsServer Server { get; private set; } = null!;

    public string Url => Server.HttpBase.ToString().TrimEnd('/');

    public IReadOnlyList<SimulatedRuntime> Runtimes => _simulation!.Runtimes;

    public async Task InitializeAsync()
    {
        Server = await PeepsServer.StartAsync();
        _simulation = Simulation.Start(new SimulatorSettings
        {
            Port = Server.Ingest.Port,
            ProcessCount = ProcessCount,
            NamePrefix = NamePrefix,
            Seed = 7,
            ChangesPerSecond = 100,
        });
        await _simulation.WaitForAllConnectedAsync().WaitAsync(TimeSpan.FromSeconds(15));
        await Eventually.Until(
            () => Server.CountAsync("""
                select count(distinct conn_id) from entities
                where json_extract(entity_json, '$.body.channel_tx.details.mpsc.buffer.capacity') > 0
                """),
            n => n == ProcessCount,
            TimeSpan.FromSeconds(15),
            "mpsc channels from every simulated process");
    }

    public async Task DisposeAsync()
    {
        if (_simulation is not null) await _simulation.DisposeAsync();
        await Server.DisposeAsync();
    }
}
