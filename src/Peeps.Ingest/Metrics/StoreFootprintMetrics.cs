using System.Diagnostics.Metrics;
using Peeps.Storage.Retention;

namespace Peeps.Ingest.Metrics;

/// <summary>The store's size on disk and what retention removed, as instruments read at each scrape.</summary>
public sealed class StoreFootprintMetrics
{
    public StoreFootprintMetrics(Meter meter, RetentionStatus status)
    {
        meter.CreateObservableGauge("peeps.store.file.size", () =>
        {
            var footprint = status.Footprint();
            return new[]
            {
                new Measurement<long>(footprint.DatabaseBytes, new KeyValuePair<string, object?>("file", "database")),
                new Measurement<long>(footprint.WalBytes, new KeyValuePair<string, object?>("file", "wal")),
            };
        }, "By", "Size of the SQLite database file and of its write-ahead log");
        meter.CreateObservableGauge("peeps.store.used", () => status.Footprint().UsedBytes is { } used ? [new Measurement<long>(used)] : Array.Empty<Measurement<long>>(),
            "By", "Pages in use in the database file (its size less free pages), as of the last retention chunk");
        meter.CreateObservableGauge("peeps.store.oldest_held_timestamp", () => status.Footprint().OldestHeldNs is { } ns ? [new Measurement<double>(ns / 1e9)] : Array.Empty<Measurement<double>>(),
            "s", "Unix time of the oldest history (batch or stored snapshot) still held, as of the last retention chunk");
        meter.CreateObservableCounter("peeps.retention.removed", () =>
            status.Footprint().RetentionRemoved.Select(r => new Measurement<long>(r.Value, new KeyValuePair<string, object?>("table", r.Key))),
            "{row}", "Rows removed by retention since start, by table");
    }
}
