using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Peeps.Web.Hosting;

namespace Peeps.Testing;

/// <summary>
/// The built peeps-web started as its own OS process on loopback ports, so a test can SIGKILL it or read its resident
/// memory, and a benchmark can measure it alone. Its output is kept (bounded) for failure messages and log assertions.
/// Disposing kills it: whoever needs a graceful stop sends <see cref="Terminate"/> first.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private const int MaxOutputChars = 1 << 20;

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private int _disposed;

    private ServerProcess(Process process, string dbPath, int httpPort, int ingestPort)
    {
        _process = process;
        DbPath = dbPath;
        IngestPort = ingestPort;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}"), Timeout = TimeSpan.FromSeconds(30) };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string DbPath { get; }
    public int IngestPort { get; }
    public IPEndPoint Ingest => new(IPAddress.Loopback, IngestPort);
    public HttpClient Http { get; }
    public int Pid => _process.Id;
    public bool HasExited => _process.HasExited;
    public int ExitCode => _process.ExitCode;

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    /// <summary>
    /// The server's dll, built in the configuration of whoever runs this (a test project or the benchmark harness,
    /// both of which reference src/Peeps.Web so that it is built first).
    /// </summary>
    public static string ServerDll
    {
        get
        {
            var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
            var dll = Path.Combine(RepositoryRoot(), "src", "Peeps.Web", "bin", configuration, "net10.0", "peeps-web.dll");
            return File.Exists(dll) ? dll : throw new FileNotFoundException("build src/Peeps.Web first", dll);
        }
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Peeps.Streams.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("Peeps.Streams.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>Starts the server and waits for <c>/health</c>; use <see cref="Launch"/> to observe a refusal to start.</summary>
    public static Task<ServerProcess> StartAsync(string dbPath, params string[] settings) => StartAsync(dbPath, (IEnumerable<string>)settings);

    /// <param name="settings"><c>Key=Value</c> pairs given to the server as <c>--Key=Value</c>.</param>
    public static async Task<ServerProcess> StartAsync(string dbPath, IEnumerable<string> settings)
    {
        var server = Launch(dbPath, FreePort.Next(), FreePort.Next(), [.. settings]);
        await server.WaitHealthyAsync(TimeSpan.FromSeconds(30));
        return server;
    }

    public static ServerProcess Launch(string dbPath, int httpPort, int ingestPort, params string[] settings) =>
        Launch(dbPath, httpPort, ingestPort, new Dictionary<string, string>(), settings);

    /// <param name="environment">Variables set for the server process only (a test-only hook, say).</param>
    public static ServerProcess Launch(string dbPath, int httpPort, int ingestPort, IReadOnlyDictionary<string, string> environment, params string[] settings)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dbPath)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (name, value) in environment) info.Environment[name] = value;
        info.ArgumentList.Add(ServerDll);
        info.ArgumentList.Add($"--Peeps:Http=127.0.0.1:{httpPort}");
        info.ArgumentList.Add($"--Peeps:Listen=127.0.0.1:{ingestPort}");
        info.ArgumentList.Add($"--Peeps:Db={dbPath}");
        foreach (var setting in settings) info.ArgumentList.Add($"--{setting}");
        return new ServerProcess(Process.Start(info)!, dbPath, httpPort, ingestPort);
    }

    /// <summary>
    /// Launches the server on <paramref name="dbPath"/> expecting it to refuse to start as it does for a fault the
    /// operator must fix, and returns what it printed for the test to check the reason. Throws unless it exits within
    /// <paramref name="within"/> with <see cref="StartRefusal.ExitCode"/> and no stack trace.
    /// </summary>
    public static async Task<string> RefusedToStartAsync(string dbPath, TimeSpan within, params string[] settings)
    {
        await using var server = Launch(dbPath, FreePort.Next(), FreePort.Next(), settings);
        if (!await server.WaitForExitAsync(within))
            throw new InvalidOperationException($"the server started anyway:\n{server.Output}");
        if (server.ExitCode != StartRefusal.ExitCode || server.Output.Contains("Unhandled exception", StringComparison.Ordinal))
            throw new InvalidOperationException($"the server ended with {server.ExitCode}, not a refusal to start ({StartRefusal.ExitCode} and no stack trace):\n{server.Output}");
        return server.Output;
    }

    public async Task WaitHealthyAsync(TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        while (true)
        {
            if (_process.HasExited) throw new InvalidOperationException($"the server exited with {_process.ExitCode}:\n{Output}");
            try
            {
                using var probe = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                using var response = await Http.GetAsync("/health", probe.Token);
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
            {
                // Not listening yet, or still starting.
            }
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"the server did not become healthy:\n{Output}");
            await Task.Delay(100);
        }
    }

    public async Task<bool> WaitForExitAsync(TimeSpan within)
    {
        using var cancel = new CancellationTokenSource(within);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public async Task<SqlRows> SqlAsync(string sql)
    {
        using var response = await Http.PostAsJsonAsync("/api/sql", new { sql });
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"SQL failed ({(int)response.StatusCode}): {body}");
        return SqlRows.Parse(body);
    }

    public async Task<long> CountAsync(string sql) => (await SqlAsync(sql)).Rows[0][0].GetInt64();

    /// <summary>Per process name, the committed cursor of its newest connection's stream.</summary>
    public async Task<Dictionary<string, ulong>> LatestCursorsAsync() =>
        (await SqlAsync("""
            SELECT c.process_name, s.next_seq_no FROM stream_cursors s JOIN connections c ON c.conn_id = s.conn_id
            WHERE s.conn_id = (SELECT max(c2.conn_id) FROM connections c2 WHERE c2.process_name = c.process_name)
            """)).Rows.ToDictionary(r => r[0].GetString()!, r => r[1].GetUInt64());

    public async Task<IReadOnlyList<long>> LiveConnIdsAsync()
    {
        using var body = System.Text.Json.JsonDocument.Parse(await Http.GetStringAsync("/api/connections"));
        return [.. body.RootElement.GetProperty("processes").EnumerateArray().Select(p => p.GetProperty("conn_id").GetInt64())];
    }

    /// <summary>Resident set size from /proc, in bytes.</summary>
    public long ResidentBytes() => ProcStatusBytes("VmRSS:");

    /// <summary>Peak resident set size so far (<c>VmHWM</c>), in bytes.</summary>
    public long PeakResidentBytes() => ProcStatusBytes("VmHWM:");

    private long ProcStatusBytes(string field)
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
            if (line.StartsWith(field, StringComparison.Ordinal))
                return long.Parse(line[field.Length..].Trim().Split(' ')[0]) * 1024;
        throw new InvalidOperationException($"no {field} in /proc status");
    }

    /// <summary>SIGTERM, as systemd or a container runtime stops a service: the host's graceful stop runs.</summary>
    public void Terminate() => Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();

    /// <summary>SIGKILL: no shutdown hooks, no final checkpoint, whatever was in flight is lost.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        Http.Dispose();
        if (!_process.HasExited) await KillAsync();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null) return;
        lock (_output)
        {
            if (_output.Length < MaxOutputChars) _output.AppendLine(line);
        }
    }
}
