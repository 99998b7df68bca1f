using System.Text.Json;
using Peeps.Simulator;
using Peeps.Simulator.Scenarios;

namespace Peeps.EndToEnd.Tests.Diagnosis;

/// <summary>
/// One real server with every stuck scenario connected to it over TCP, and nothing else: each scenario's processes
/// hold exactly what it builds, so a diagnosis of the whole snapshot has one exact answer per scenario. Entities are
/// named within a scenario's process uniquely; the simulator's own state turns those names into the ids to expect.
/// </summary>
public sealed class StuckRuntimesFixture : IAsyncLifetime
{
    public const string Prefix = "stuck";

    public PeepsServer Server { get; private set; } = null!;

    public Simulation Simulation { get; private set; } = null!;

    private Dictionary<string, long> _connIds = [];

    public async Task InitializeAsync()
    {
        Server = await PeepsServer.StartAsync();
        Simulation = Simulation.Start(new SimulatorSettings
        {
            Port = Server.Ingest.Port,
            ProcessCount = 0,
            Scenarios = StuckScenarios.All,
            NamePrefix = Prefix,
            TickInterval = TimeSpan.FromMilliseconds(50),
            // Long enough for a snapshot to land in each phase on a busy machine, short enough for a test.
            ResolvingCycleHold = TimeSpan.FromSeconds(2),
            ResolvingCycleGap = TimeSpan.FromSeconds(2),
        });
        await Simulation.WaitForAllConnectedAsync().WaitAsync(TimeSpan.FromSeconds(15));
        var connections = await Eventually.Until(
            () => Server.GetJsonAsync("/api/connections"),
            // Named too: a connection is listed as unknown-<id> until its handshake is read.
            c => c.GetProperty("connected_processes").GetInt32() == Simulation.Runtimes.Count
                && c.GetProperty("processes").EnumerateArray().All(p => p.GetProperty("process_name").GetString()!.StartsWith(Prefix + "-", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(15),
            "every stuck runtime connected and named");
        _connIds = connections.GetProperty("processes").EnumerateArray()
            .ToDictionary(p => p.GetProperty("process_name").GetString()!, p => p.GetProperty("conn_id").GetInt64());
    }

    /// <summary>A fresh cut, snapshot and diagnosis in one call, as <c>peeps why</c> and the console do.</summary>
    public Task<JsonElement> DiagnoseAsync() => Server.PostJsonAsync("/api/diagnose", "{}");

    /// <summary>The process's full name (<c>stuck-{role}</c>).</summary>
    public static string Process(string role) => $"{Prefix}-{role}";

    public long ConnId(string process) => _connIds[process];

    /// <summary>The id of the entity named <paramref name="name"/> in the process now, by the simulator's own state.</summary>
    public string Id(string process, string name)
    {
        var runtime = Simulation.Runtimes.Single(r => r.Name == process);
        return Assert.Single(runtime.Process.Capture().Snapshot.Entities, e => e.Name == name).Id;
    }

    /// <summary>An entity as answers name it: (conn_id, entity_id).</summary>
    public (long ConnId, string EntityId) Key(string process, string name) => (ConnId(process), Id(process, name));

    public async Task DisposeAsync()
    {
        await Simulation.DisposeAsync();
        await Server.DisposeAsync();
    }
}
