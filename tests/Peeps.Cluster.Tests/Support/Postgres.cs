using System.Diagnostics;

namespace Peeps.Cluster.Tests.Support;

/// <summary>
/// A throwaway PostgreSQL from Debian's package: initdb in a temporary directory, started on a free loopback port,
/// with trust authentication for its one user. PostgreSQL refuses to run as root, so under root it runs as
/// <c>nobody</c> (through <c>runuser</c>), owning its directory.
/// </summary>
public sealed class Postgres : IAsyncDisposable
{
    private const string User = "peeps";

    private readonly string _bin;
    private readonly string _root;
    private readonly bool _asNobody;

    private Postgres(string bin, string root, int port, bool asNobody)
    {
        _bin = bin;
        _root = root;
        Port = port;
        _asNobody = asNobody;
    }

    public int Port { get; }

    public string ConnectionString(string database) => $"Host=127.0.0.1;Port={Port};Username={User};Database={database};Pooling=true";

    public static async Task<Postgres> StartAsync()
    {
        var bin = Directory.GetDirectories("/usr/lib/postgresql").OrderDescending().Select(d => Path.Combine(d, "bin"))
            .FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")))
            ?? throw new InvalidOperationException("PostgreSQL is not installed: apt-get install postgresql (.ci/run does)");
        var root = Path.Combine(Path.GetTempPath(), "peeps-pg-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        var asNobody = Environment.UserName == "root";
        if (asNobody) await RunAsync("chown", ["nobody", root]);
        var postgres = new Postgres(bin, root, FreePort.Next(), asNobody);
        await postgres.PgAsync("initdb", ["-D", postgres.Data, "-U", User, "--auth=trust", "-E", "UTF8", "--no-sync"]);
        await postgres.PgAsync("pg_ctl", ["-D", postgres.Data, "-l", Path.Combine(root, "log"), "-w", "-t", "60",
            "-o", $"-p {postgres.Port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off", "start"]);
        return postgres;
    }

    public Task CreateDatabaseAsync(string name) =>
        PgAsync("psql", ["-h", "127.0.0.1", "-p", Port.ToString(), "-U", User, "-d", "postgres", "-c", $"CREATE DATABASE {name}"]);

    private string Data => Path.Combine(_root, "data");

    public async ValueTask DisposeAsync()
    {
        try
        {
            await PgAsync("pg_ctl", ["-D", Data, "-m", "immediate", "-w", "stop"]);
        }
        finally
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private Task PgAsync(string tool, string[] args) =>
        _asNobody ? RunAsync("runuser", ["-u", "nobody", "--", Path.Combine(_bin, tool), .. args]) : RunAsync(Path.Combine(_bin, tool), args);

    private static async Task RunAsync(string file, string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = "/" };
        foreach (var arg in args) info.ArgumentList.Add(arg);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited with {process.ExitCode}:\n{await output}\n{await error}");
    }
}
