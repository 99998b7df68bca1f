using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace Peeps.Ingest.Metrics;

/// <summary>
/// Renders the instruments of one <see cref="Meter"/> in the Prometheus text exposition format (0.0.4).
/// It listens to that meter instance only, not to every meter of the name, so several servers in one process
/// (the test host) each export their own figures; the meters named in <c>processWideMeters</c> (see
/// <see cref="ProcessWideMeters"/>) are exported as well, whichever instance they are.
/// </summary>
public sealed class PrometheusExporter : IDisposable
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    private readonly MeterListener _listener = new();
    private readonly List<PrometheusSeries> _instruments = [];
    private readonly Lock _scrape = new();

    public PrometheusExporter(Meter meter, IReadOnlyCollection<string>? processWideMeters = null)
    {
        Meter = meter;
        var shared = processWideMeters ?? [];
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (!ReferenceEquals(instrument.Meter, meter) && !shared.Contains(instrument.Meter.Name)) return;
            var series = new PrometheusSeries(instrument);
            lock (_instruments) _instruments.Add(series);
            listener.EnableMeasurementEvents(instrument, series);
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, state) => ((PrometheusSeries)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<int>((_, value, tags, state) => ((PrometheusSeries)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<double>((_, value, tags, state) => ((PrometheusSeries)state!).Record(value, tags));
        _listener.Start();
    }

    /// <summary>The meter exported; measurements made before the exporter existed are not seen, so create it first.</summary>
    public Meter Meter { get; }

    public string Scrape()
    {
        lock (_scrape)
        {
            _listener.RecordObservableInstruments();
            PrometheusSeries[] instruments;
            lock (_instruments) instruments = [.. _instruments.OrderBy(i => i.Name, StringComparer.Ordinal)];
            var text = new StringBuilder();
            foreach (var instrument in instruments) instrument.Write(text);
            return text.ToString();
        }
    }

    internal static string Number(double value) =>
        double.IsPositiveInfinity(value) ? "+Inf"
        : double.IsNegativeInfinity(value) ? "-Inf"
        : double.IsNaN(value) ? "NaN"
        : value.ToString("R", CultureInfo.InvariantCulture);

    public void Dispose() => _listener.Dispose();
}
