using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;

namespace Peeps.Benchmarks;

/// <summary>What the numbers were measured on; absolute rates mean little without it, ratios a bit more.</summary>
public sealed record MachineInfo(int Cores, string Cpu, long MemoryBytes, string Os, string Dotnet, string Sqlite)
{
    public static MachineInfo Describe()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "select sqlite_version()";
        return new MachineInfo(
            Environment.ProcessorCount,
            ProcField("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString(),
            (long.TryParse(ProcField("/proc/meminfo", "MemTotal")?.Split(' ')[0], out var kib) ? kib : 0) * 1024,
            RuntimeInformation.OSDescription,
            RuntimeInformation.FrameworkDescription,
            (string)command.ExecuteScalar()!);
    }

    public override string ToString() =>
        $"{Cores} cores ({Cpu}), {MemoryBytes / (1024.0 * 1024 * 1024):0.#} GiB RAM, {Os}, {Dotnet}, SQLite {Sqlite}";

    /// <summary>The 1, 5 and 15 minute load averages: how much else the shared machine was doing.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static string? ProcField(string file, string name)
    {
        if (!File.Exists(file)) return null;
        var line = File.ReadLines(file).FirstOrDefault(l => l.StartsWith(name, StringComparison.Ordinal));
        return line?[(line.IndexOf(':') + 1)..].Trim();
    }
}
