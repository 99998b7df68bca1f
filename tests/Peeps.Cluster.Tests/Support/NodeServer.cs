using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Peeps.Cluster.Tests.Support;

/// <summary>
/// One peeps-web node of a test cluster, a real OS process on loopback ports that stay the same across a kill and a
/// restart (the node's shard file too), so a restarted node is the same node to the cluster and to its runtimes.
/// </summary>
public sealed class NodeServer : IAsyncDisposable
{
    private readonly string[] _settings;
    private readonly List<ServerProcess> _runs = [];

    /// <param name="clusterPort">The node's Akka port, when it must be known before (a seed's); a free one otherwise.</param>
    public NodeServer(string name, int number, string directory, IReadOnlyList<string> clusterSettings, int? clusterPort = null)
    {
        Name = name;
        Number = number;
        HttpPort = FreePort.Next();
        IngestPort = FreePort.Next();
        ClusterPort = clusterPort ?? FreePort.Next();
        DbPath = Path.Combine(directory, $"{name}.sqlite");
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{HttpPort}"), Timeout = TimeSpan.FromSeconds(60) };
        _settings =
        [
            $"Peeps:Cluster:NodeName={name}",
            $"Peeps:Cluster:NodeNumber={number}",
            $"Peeps:Cluster:Port={ClusterPort}",
            .. clusterSettings,
        ];
    }

    public string Name { get; }
    public int Number { get; }
    public int HttpPort { get; }
    public int IngestPort { get; }
    public int ClusterPort { get; }
    public string DbPath { get; }
    public HttpClient Http { get; }
    public IPEndPoint Ingest => new(IPAddress.Loopback, IngestPort);
    public string AkkaAddress => $"akka.tcp://peeps@127.0.0.1:{ClusterPort}";

    /// <summary>What every run of this node printed, oldest first.</summary>
    public string Output => string.Join("\n--- restarted ---\n", _runs.Select(r => r.Output));

    private ServerProcess? Current => _runs.Count == 0 ? null : _runs[^1];

    public void Start() => _runs.Add(ServerProcess.Launch(DbPath, HttpPort, IngestPort, _settings));

    /// <summary>SIGKILL: no shutdown hooks, the node leaves the cluster only by being found unreachable.</summary>
    public async Task KillAsync()
    {
        if (Current is { HasExited: false } current) await current.KillAsync();
    }

    /// <summary>Until this node answers for the whole cluster: its <c>/api/connections</c> lists <paramref name="nodes"/> as answering.</summary>
    public async Task WaitForNodesAsync(IReadOnlyCollection<string> nodes, TimeSpan within)
    {
        try
        {
            await WaitAnsweringAsync(nodes, within);
        }
        catch (TimeoutException e)
        {
            var output = Output;
            throw new TimeoutException($"{e.Message}\nnode {Name}'s output ends:\n{output[Math.Max(0, output.Length - 6000)..]}", e);
        }
    }

    private async Task WaitAnsweringAsync(IReadOnlyCollection<string> nodes, TimeSpan within) =>
        await Eventually.Until(async () =>
        {
            if (Current is { HasExited: true }) throw new InvalidOperationException($"node {Name} exited:\n{Output}");
            try
            {
                using var answer = JsonDocument.Parse(await Http.GetStringAsync("/api/connections"));
                return answer.RootElement.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("node").GetString()!).ToHashSet();
            }
            catch (HttpRequestException)
            {
                return [];
            }
        }, answering => answering.SetEquals(nodes), within, $"node {Name} answering with {string.Join(", ", nodes)}");

    /// <summary>
    /// Until this node's proxy reaches the cut coordinator singleton: an unknown cut is answered 404 by the coordinator,
    /// while a proxy still looking for it lets the request time out (504). On a loaded machine that takes seconds
    /// after the cluster has formed.
    /// </summary>
    public Task WaitForCoordinatorsAsync(TimeSpan within) =>
        Eventually.Until(async () =>
        {
            try
            {
                using var response = await Http.GetAsync("/api/cuts/cut:0");
                return response.StatusCode;
            }
            catch (HttpRequestException)
            {
                return HttpStatusCode.ServiceUnavailable;
            }
        }, status => status == HttpStatusCode.NotFound, within, $"node {Name} reaching the cut coordinator");

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await Http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"GET {path} on {Name}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public async Task<JsonElement> PostJsonAsync(string path, object body)
    {
        using var response = await Http.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"POST {path} on {Name}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var run in _runs) await run.DisposeAsync();
        Http.Dispose();
    }
}
