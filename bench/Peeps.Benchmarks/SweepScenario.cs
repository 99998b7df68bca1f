namespace Peeps.Benchmarks;

/// <summary>
/// The throughput scenario (senders back to back, beyond saturation) once at the defaults and once per swept value,
/// each on a fresh server, so every row of docs/tuning.md's table comes from one run on one machine.
/// Only the swept setting differs from the baseline; <c>--set</c> settings apply to every row, the baseline included.
/// </summary>
public static class SweepScenario
{
    public static async Task<IReadOnlyList<SweepRow>> RunAsync(BenchOptions options, int connections, string workDirectory, Action<SweepRow> report)
    {
        var rows = new List<SweepRow>();
        async Task Run(string? setting)
        {
            var runOptions = setting is null ? options : options with { ServerSettings = [.. options.ServerSettings, setting] };
            var row = new SweepRow(setting, await IngestScenario.RunAsync(runOptions, connections, Loads.Beyond, null, workDirectory));
            rows.Add(row);
            report(row);
        }

        await Run(null);
        foreach (var setting in options.Sweeps.SelectMany(k => k.Settings)) await Run(setting);
        return rows;
    }
}
