using System.Diagnostics.Metrics;
using Peeps.Ingest.Metrics;

namespace Peeps.Ingest.Tests.Metrics;

public sealed class PrometheusExporterTests
{
    [Fact]
    public void Counters_render_as_totals_with_help_and_type()
    {
        using var meter = new Meter("test.exporter.counters");
        using var exporter = new PrometheusExporter(meter);
        var counter = meter.CreateCounter<long>("peeps.things", description: "Things seen");
        counter.Add(2);
        counter.Add(3);

        var text = exporter.Scrape();

        Assert.Contains("# HELP peeps_things_total Things seen\n", text);
        Assert.Contains("# TYPE peeps_things_total counter\n", text);
        Assert.Contains("peeps_things_total 5\n", text);
    }

    [Fact]
    public void Tags_become_sorted_escaped_labels_one_series_each()
    {
        using var meter = new Meter("test.exporter.tags");
        using var exporter = new PrometheusExporter(meter);
        var counter = meter.CreateCounter<long>("peeps.queries");
        counter.Add(1, new KeyValuePair<string, object?>("outcome", "ok"), new KeyValuePair<string, object?>("endpoint", "sql"));
        counter.Add(1, new KeyValuePair<string, object?>("outcome", "say \"no\""), new KeyValuePair<string, object?>("endpoint", "sql"));

        var text = exporter.Scrape();

        Assert.Contains("peeps_queries_total{endpoint=\"sql\",outcome=\"ok\"} 1\n", text);
        Assert.Contains("peeps_queries_total{endpoint=\"sql\",outcome=\"say \\\"no\\\"\"} 1\n", text);
    }

    [Fact]
    public void Histograms_render_cumulative_buckets_sum_and_count_in_base_units()
    {
        using var meter = new Meter("test.exporter.histograms");
        using var exporter = new PrometheusExporter(meter);
        var histogram = meter.CreateHistogram("peeps.latency", "s", "Latency",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 1] });
        histogram.Record(0.05);
        histogram.Record(0.5);
        histogram.Record(5);

        var text = exporter.Scrape();

        Assert.Contains("# TYPE peeps_latency_seconds histogram\n", text);
        Assert.Contains("peeps_latency_seconds_bucket{le=\"0.1\"} 1\n", text);
        Assert.Contains("peeps_latency_seconds_bucket{le=\"1\"} 2\n", text);
        Assert.Contains("peeps_latency_seconds_bucket{le=\"+Inf\"} 3\n", text);
        Assert.Contains("peeps_latency_seconds_sum 5.55\n", text);
        Assert.Contains("peeps_latency_seconds_count 3\n", text);
    }

    [Fact]
    public void Up_down_counters_and_observed_gauges_render_as_gauges()
    {
        using var meter = new Meter("test.exporter.gauges");
        using var exporter = new PrometheusExporter(meter);
        var open = meter.CreateUpDownCounter<long>("peeps.open");
        open.Add(3);
        open.Add(-1);
        var depth = 7L;
        meter.CreateObservableGauge("peeps.depth", () => depth);

        var first = exporter.Scrape();
        depth = 4;
        var second = exporter.Scrape();

        Assert.Contains("# TYPE peeps_open gauge\npeeps_open 2\n", first);
        Assert.Contains("peeps_depth 7\n", first);
        Assert.Contains("peeps_depth 4\n", second);
    }

    [Fact]
    public void Only_the_given_meter_instance_is_exported()
    {
        using var mine = new Meter("test.exporter.same-name");
        using var other = new Meter("test.exporter.same-name");
        using var exporter = new PrometheusExporter(mine);
        mine.CreateCounter<long>("peeps.mine").Add(1);
        other.CreateCounter<long>("peeps.other").Add(1);

        var text = exporter.Scrape();

        Assert.Contains("peeps_mine_total 1", text);
        Assert.DoesNotContain("peeps_other", text);
    }
}
