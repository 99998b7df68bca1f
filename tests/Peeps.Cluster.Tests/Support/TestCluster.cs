namespace Peeps.Cluster.Tests.Support;

/// <summary>
/// PostgreSQL and three peeps-web nodes (a, b, c) on loopback forming one cluster, a seeded by itself and b and c
/// joining through it. Failure detection and the split-brain resolver are tuned shorter than shipped so a lost node
/// is downed in seconds; everything else is the shipped configuration. Ready once every node reaches the coordinators.
/// </summary>
public sealed class TestCluster : IAsyncLifetime
{
    public static readonly TimeSpan FormWithin = TimeSpan.FromSeconds(90);

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "peeps-cluster-" + Guid.NewGuid().ToString("N"));
    private Postgres? _postgres;

    public IReadOnlyList<NodeServer> Nodes { get; private set; } = [];

    public NodeServer this[string name] => Nodes.Single(n => n.Name == name);

    public string JournalConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        _postgres = await Postgres.StartAsync();
        await _postgres.CreateDatabaseAsync("journal");
        JournalConnectionString = _postgres.ConnectionString("journal");
        var seedPort = FreePort.Next();
        string[] common =
        [
            $"Peeps:Cluster:JournalConnectionString={JournalConnectionString}",
            $"Peeps:Cluster:SeedNodes:0=akka.tcp://peeps@127.0.0.1:{seedPort}",
            // Short enough to down a killed node in seconds, long enough that a loaded 2-core CI machine does not
            // see a starting node as unreachable (at 2 s a node was downed while the cluster formed).
            "Peeps:Cluster:StableAfter=00:00:03",
            "Peeps:Cluster:AcceptableHeartbeatPause=00:00:05",
            "Peeps:Cluster:GatherTimeout=00:00:03",
        ];
        Nodes =
        [
            new NodeServer("a", 1, _directory, common, clusterPort: seedPort),
            new NodeServer("b", 2, _directory, common),
            new NodeServer("c", 3, _directory, common),
        ];
        foreach (var node in Nodes) node.Start();
        await Task.WhenAll(Nodes.Select(n => n.WaitForNodesAsync(["a", "b", "c"], FormWithin)));
        await Task.WhenAll(Nodes.Select(n => n.WaitForCoordinatorsAsync(FormWithin)));
    }

    public async Task DisposeAsync()
    {
        foreach (var node in Nodes) await node.DisposeAsync();
        if (_postgres is not null) await _postgres.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
