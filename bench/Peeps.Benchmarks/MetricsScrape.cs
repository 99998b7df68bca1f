using System.Globalization;

namespace Peeps.Benchmarks;

/// <summary>
/// The server's <c>/metrics</c> at one moment, as series name with labels → value; two scrapes subtract to what a run
/// added. Histogram quantiles are read from the buckets, so they are bucket bounds: "p99 at most this".
/// </summary>
public sealed class MetricsScrape(IReadOnlyDictionary<string, double> series)
{
    public static async Task<MetricsScrape> TakeAsync(HttpClient http)
    {
        var text = await http.GetStringAsync("/metrics");
        var series = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#') continue;
            var space = line.LastIndexOf(' ');
            if (space > 0 && double.TryParse(line[(space + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                series[line[..space]] = value;
        }
        return new MetricsScrape(series);
    }

    public double Value(string name) => series.TryGetValue(name, out var v) ? v : 0;

    public MetricsScrape Since(MetricsScrape earlier) =>
        new(series.ToDictionary(s => s.Key, s => s.Value - earlier.Value(s.Key), StringComparer.Ordinal));

    /// <summary>
    /// Upper bound, in milliseconds, of the bucket holding the <paramref name="q"/> quantile of a seconds histogram whose
    /// labels start with <paramref name="labels"/> (e.g. <c>stage="total",</c>); null when it has no samples.
    /// </summary>
    public double? QuantileMs(string histogram, string labels, double q)
    {
        var prefix = $"{histogram}_bucket{{{labels}le=\"";
        var buckets = series.Where(s => s.Key.StartsWith(prefix, StringComparison.Ordinal))
            .Select(s => (Le: s.Key[prefix.Length..^2], Count: s.Value))
            .Select(b => (Bound: b.Le == "+Inf" ? double.PositiveInfinity : double.Parse(b.Le, CultureInfo.InvariantCulture), b.Count))
            .OrderBy(b => b.Bound)
            .ToList();
        if (buckets.Count == 0 || buckets[^1].Count <= 0) return null;
        var wanted = q * buckets[^1].Count;
        return buckets.First(b => b.Count >= wanted).Bound * 1000;
    }

    public double Count(string histogram, string labels) =>
        series.Where(s => s.Key.StartsWith($"{histogram}_count", StringComparison.Ordinal) && s.Key.Contains(labels, StringComparison.Ordinal)).Sum(s => s.Value);
}
