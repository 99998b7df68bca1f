using System.Globalization;
using System.Text;

namespace Peeps.Benchmarks;

/// <summary>A sweep as a markdown table, each row's throughput and cost as a ratio to the baseline of the same run.</summary>
public static class SweepReport
{
    public static string Render(BenchOptions options, int connections, IReadOnlyList<SweepRow> rows, string machine, string loadAtStart, string loadAtEnd)
    {
        var baseline = rows.Single(r => r.Setting is null).Result;
        var md = new StringBuilder();
        md.AppendLine(Inv($"### Sweep: {connections} connections beyond saturation, {options.SaturationChanges:N0} changes per row"));
        md.AppendLine();
        md.AppendLine($"- Machine: {machine}; load average at start {loadAtStart}, at end {loadAtEnd}");
        md.AppendLine($"- Every row: {(options.ServerSettings.Count == 0 ? "the defaults" : string.Join(", ", options.ServerSettings.Select(s => $"`{s}`")))}, plus the row's setting");
        md.AppendLine();
        md.AppendLine("| setting | committed changes/s | vs baseline | visible p50 | visible p99 | vs baseline p99 | server CPU ms / 1k | vs baseline CPU | peak RSS | batches lost |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (setting, r) in rows)
        {
            var lost = r.Drained ? r.BatchesLost.ToString(CultureInfo.InvariantCulture) : $"{r.BatchesLost} (not drained)";
            md.AppendLine(Inv($"| {(setting is null ? "baseline (defaults)" : $"`{setting}`")} | {r.CommittedPerSecond:N0} | {r.CommittedPerSecond / baseline.CommittedPerSecond:0.00}× | {Ms(r.LatencyMs?.P50)} | {Ms(r.LatencyMs?.P99)} | {Ratio(r.LatencyMs?.P99, baseline.LatencyMs?.P99)} | {r.CpuMsPerThousandChanges:0.00} | {r.CpuMsPerThousandChanges / baseline.CpuMsPerThousandChanges:0.00}× | {r.PeakRssBytes / 1048576} MiB | {lost} |"));
        }
        return md.ToString();
    }

    private static string Ms(double? value) => value is { } v ? Inv($"{v:0} ms") : "–";

    private static string Ratio(double? value, double? baseline) =>
        value is { } v && baseline is { } b && b > 0 ? Inv($"{v / b:0.00}×") : "–";

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
