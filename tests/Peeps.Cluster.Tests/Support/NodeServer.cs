using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Peeps.Testing;

namespace Peeps.Cluster.Tests.Support;

/// <summary>
/// One peeps-web node of a test cluster, a real OS process on loopback ports that stay the same across a kill and a
/// restart (the node's shard file too), so a restarted node is the same node to the cluster and to its runtimes.
/// </summary>
public sealed class NodeServer : IAsyncDisposable
{
    private const int MaxOutputChars = 1 << 20;

    private readonly string[] _arguments;
    private readonly StringBuilder _output = new();
    private Process? _process;

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
        _arguments =
        [
            $"--Peeps:Http=127.0.0.1:{HttpPort}",
            $"--Peeps:Listen=127.0.0.1:{IngestPort}",
            $"--Peeps:Db={DbPath}",
            $"--Peeps:Cluster:NodeName={name}",
            $"--Peeps:Cluster:NodeNumber={number}",
            $"--Peeps:Cluster:Port={ClusterPort}",
            .. clusterSettings.Select(s => "--" + s),
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

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    /// <summary>The server's dll, built beside this test project (same configuration) through Peeps.Testing's reference.</summary>
    private static string ServerDll
    {
        get
        {
            var testBin = AppContext.BaseDirectory;
            var marker = $"{Path.DirectorySeparatorChar}tests{Path.DirectorySeparatorChar}Peeps.Cluster.Tests{Path.DirectorySeparatorChar}";
            var at = testBin.IndexOf(marker, StringComparison.Ordinal);
            var dll = Path.Combine(testBin[..at], "src", "Peeps.Web", testBin[(at + marker.Length)..], "peeps-web.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException("build src/Peeps.Web first", dll);
        }
    }

    public void Start()
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(DbPath)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(ServerDll);
        foreach (var argument in _arguments) info.ArgumentList.Add(argument);
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
    }

    /// <summary>SIGKILL: no shutdown hooks, the node leaves the cluster only by being found unreachable.</summary>
    public async Task KillAsync()
    {
        if (_process is null || _process.HasExited) return;
        _process.Kill();
        await _process.WaitForExitAsync();
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
            if (_process is { HasExited: true }) throw new InvalidOperationException($"node {Name} exited:\n{Output}");
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
        await KillAsync();
        _process?.Dispose();
        Http.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output)
            if (_output.Length < MaxOutputChars) _output.AppendLine(line);
    }
}
