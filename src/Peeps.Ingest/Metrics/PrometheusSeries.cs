using System.Diagnostics.Metrics;
using System.Text;

namespace Peeps.Ingest.Metrics;

/// <summary>
/// The aggregated values of one instrument, one series per distinct tag set, and their Prometheus rendering:
/// counters as <c>_total</c> counters, up-down counters and gauges as gauges, histograms with cumulative buckets.
/// </summary>
internal sealed class PrometheusSeries
{
    private enum Kind { Counter, Gauge, Histogram }

    private sealed class Values(int buckets)
    {
        public double Value;
        public readonly long[] Buckets = new long[buckets];
        public double Sum;
        public long Count;
    }

    private readonly Kind _kind;
    private readonly bool _observed;
    private readonly double[] _bounds;
    private readonly string _help;
    private readonly Dictionary<string, Values> _series = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public PrometheusSeries(Instrument instrument)
    {
        _observed = instrument.IsObservable;
        var type = instrument.GetType().GetGenericTypeDefinition();
        _kind = type == typeof(Histogram<>) ? Kind.Histogram
            : type == typeof(Counter<>) || type == typeof(ObservableCounter<>) ? Kind.Counter
            : Kind.Gauge;
        _bounds = _kind == Kind.Histogram ? BoundsOf(instrument) : [];
        var baseName = Sanitize(instrument.Name) + (instrument.Unit == "s" ? "_seconds" : "");
        Name = _kind == Kind.Counter ? baseName + "_total" : baseName;
        _help = (instrument.Description ?? instrument.Name).Replace("\\", "\\\\").Replace("\n", "\\n");
    }

    public string Name { get; }

    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var labels = Labels(tags);
        lock (_gate)
        {
            if (!_series.TryGetValue(labels, out var values))
                _series[labels] = values = new Values(_bounds.Length + 1);
            switch (_kind)
            {
                case Kind.Histogram:
                    var bucket = 0;
                    while (bucket < _bounds.Length && value > _bounds[bucket]) bucket++;
                    values.Buckets[bucket]++;
                    values.Sum += value;
                    values.Count++;
                    break;
                case Kind.Counter or Kind.Gauge when _observed:
                    values.Value = value;
                    break;
                default:
                    values.Value += value;
                    break;
            }
        }
    }

    public void Write(StringBuilder text)
    {
        text.Append("# HELP ").Append(Name).Append(' ').Append(_help).Append('\n');
        text.Append("# TYPE ").Append(Name).Append(' ').Append(_kind switch
        {
            Kind.Counter => "counter",
            Kind.Histogram => "histogram",
            _ => "gauge",
        }).Append('\n');
        lock (_gate)
        {
            if (_series.Count == 0) WriteSeries(text, "", new Values(_bounds.Length + 1));
            foreach (var (labels, values) in _series.OrderBy(s => s.Key, StringComparer.Ordinal))
                WriteSeries(text, labels, values);
        }
    }

    private void WriteSeries(StringBuilder text, string labels, Values values)
    {
        if (_kind != Kind.Histogram)
        {
            Line(text, Name, labels, PrometheusExporter.Number(values.Value));
            return;
        }
        long cumulative = 0;
        for (var i = 0; i < _bounds.Length; i++)
        {
            cumulative += values.Buckets[i];
            Line(text, Name + "_bucket", Join(labels, $"le=\"{PrometheusExporter.Number(_bounds[i])}\""), cumulative.ToString());
        }
        Line(text, Name + "_bucket", Join(labels, "le=\"+Inf\""), values.Count.ToString());
        Line(text, Name + "_sum", labels, PrometheusExporter.Number(values.Sum));
        Line(text, Name + "_count", labels, values.Count.ToString());
    }

    private static void Line(StringBuilder text, string name, string labels, string value)
    {
        text.Append(name);
        if (labels.Length > 0) text.Append('{').Append(labels).Append('}');
        text.Append(' ').Append(value).Append('\n');
    }

    private static string Join(string labels, string label) => labels.Length == 0 ? label : labels + "," + label;

    private static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.Length == 0) return "";
        var pairs = new List<string>(tags.Length);
        foreach (var (key, value) in tags)
        {
            var escaped = (value?.ToString() ?? "").Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n");
            pairs.Add($"{Sanitize(key)}=\"{escaped}\"");
        }
        pairs.Sort(StringComparer.Ordinal);
        return string.Join(",", pairs);
    }

    private static string Sanitize(string name)
    {
        var chars = name.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
            if (!(char.IsAsciiLetterOrDigit(chars[i]) || chars[i] == '_')) chars[i] = '_';
        return new string(chars);
    }

    private static double[] BoundsOf(Instrument instrument) => instrument switch
    {
        Histogram<double> h => [.. h.Advice?.HistogramBucketBoundaries ?? DefaultBounds],
        Histogram<long> h => h.Advice?.HistogramBucketBoundaries is { } bounds ? [.. bounds.Select(b => (double)b)] : DefaultBounds,
        _ => DefaultBounds,
    };

    /// <summary>The OpenTelemetry default boundaries, for a histogram that gives no advice.</summary>
    private static readonly double[] DefaultBounds = [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000];
}
