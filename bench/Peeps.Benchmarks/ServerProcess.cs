using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;

namespace Peeps.Benchmarks;

/// <summary>
/// A peeps-web process of this repository's build on free loopback ports with its own database file, so that its
/// memory is measured alone. Stopped with SIGTERM (a clean shutdown), killed only if that does not end it.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Queue<string> _lastOutput = new();

    private ServerProcess(Process process, string databasePath, Uri http, IPEndPoint ingest)
    {
        _process = process;
        DatabasePath = databasePath;
        Ingest = ingest;
        Http = new HttpClient { BaseAddress = http, Timeout = TimeSpan.FromSeconds(60) };
        _process.OutputDataReceived += (_, e) => Remember(e.Data);
        _process.ErrorDataReceived += (_, e) => Remember(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string DatabasePath { get; }
    public IPEndPoint Ingest { get; }
    public HttpClient Http { get; }
    public int Pid => _process.Id;

    /// <summary>Peak resident set size so far (<c>VmHWM</c>).</summary>
    public long PeakRssBytes => ProcStatus("VmHWM:");

    public long RssBytes => ProcStatus("VmRSS:");

    /// <param name="settings"><c>Key=Value</c> pairs given to the server as <c>--Key=Value</c>, after the harness's own.</param>
    public static async Task<ServerProcess> StartAsync(string databasePath, IReadOnlyList<string> settings)
    {
        var (program, leading) = Executable();
        var http = new Uri($"http://127.0.0.1:{FreePort()}");
        var ingest = new IPEndPoint(IPAddress.Loopback, FreePort());
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = Path.GetDirectoryName(databasePath)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in leading) start.ArgumentList.Add(arg);
        start.ArgumentList.Add($"--Peeps:Listen={ingest}");
        start.ArgumentList.Add($"--Peeps:Http={http.Authority}");
        start.ArgumentList.Add($"--Peeps:Db={databasePath}");
        start.ArgumentList.Add("--Logging:LogLevel:Default=Warning");
        foreach (var setting in settings) start.ArgumentList.Add($"--{setting}");
        var server = new ServerProcess(Process.Start(start)!, databasePath, http, ingest);
        await server.WaitHealthyAsync(TimeSpan.FromSeconds(30));
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            using (var term = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString()]) { UseShellExecute = false }))
                await term!.WaitForExitAsync();
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                await _process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill();
                await _process.WaitForExitAsync();
            }
        }
        _process.Dispose();
    }

    private async Task WaitHealthyAsync(TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"peeps-web exited with {_process.ExitCode}:\n{string.Join('\n', Output())}");
            try
            {
                using var response = await Http.GetAsync("/health");
                if (response.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"peeps-web did not become healthy within {timeout}:\n{string.Join('\n', Output())}");
    }

    private void Remember(string? line)
    {
        if (line is null) return;
        lock (_lastOutput)
        {
            _lastOutput.Enqueue(line);
            if (_lastOutput.Count > 40) _lastOutput.Dequeue();
        }
    }

    private string[] Output()
    {
        lock (_lastOutput) return [.. _lastOutput];
    }

    private long ProcStatus(string field)
    {
        try
        {
            var line = File.ReadLines($"/proc/{_process.Id}/status").FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line[field.Length..].Trim().Split(' ')[0]) * 1024;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>peeps-web as built beside this harness (same configuration), by its app host when there is one.</summary>
    private static (string Program, string[] Leading) Executable()
    {
        var configuration = typeof(ServerProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .First(a => a.Key == "Configuration").Value!;
        var folder = Path.Combine(RepositoryRoot(), "src", "Peeps.Web", "bin", configuration, "net10.0");
        var host = Path.Combine(folder, "peeps-web");
        if (File.Exists(host)) return (host, []);
        var dll = Path.Combine(folder, "peeps-web.dll");
        if (!File.Exists(dll)) throw new FileNotFoundException($"peeps-web is not built at {folder}", dll);
        return ("dotnet", [dll]);
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Peeps.Streams.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("Peeps.Streams.sln not found above " + AppContext.BaseDirectory);
    }
}
