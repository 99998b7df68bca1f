using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Peeps.Ingest.Metrics;
using static Peeps.Testing.SampleBatches;

namespace Peeps.EndToEnd.Tests.Streams;

/// <summary>
/// The server's instruments as dotnet-counters and OpenTelemetry see them: through a <see cref="MeterListener"/> on
/// the meter the server's DI container created, not through our own Prometheus exporter.
/// </summary>
public sealed class ServiceMeterTests
{
    /// <summary>The instruments docs/tuning.md lists under <c>/metrics</c>, by their meter names.</summary>
    private static readonly string[] DocumentedInstruments =
    [
        "peeps.ingest.bytes", "peeps.ingest.frames", "peeps.ingest.batches", "peeps.ingest.changes",
        "peeps.ingest.connections", "peeps.ingest.connections.accepted", "peeps.ingest.connections.refused", "peeps.ingest.uncommitted_bytes",
        "peeps.ingest.uncommitted_bytes.limit", "peeps.store.commits", "peeps.store.changes", "peeps.store.commit.duration", "peeps.store.group.commands", "peeps.store.queue_depth",
        "peeps.cuts.recorded", "peeps.cut_acks.recorded", "peeps.snapshots.recorded",
        "peeps.sql.queries", "peeps.sql.query.duration", "peeps.ready", "peeps.event_streams.clients", "peeps.event_streams.refused", "peeps.build.info",
        "peeps.gc.pause.duration", "peeps.ingest.stage.duration", "peeps.store.changes.coalesced", "peeps.store.checkpoint.duration", "peeps.store.wal_frames",
        "peeps.store.file.size", "peeps.store.used", "peeps.store.oldest_held_timestamp", "peeps.retention.removed",
    ];

    [Fact]
    public async Task The_server_meter_is_named_peeps_streams_publishes_every_documented_instrument_and_a_listener_sees_ingest()
    {
        await using var server = await PeepsServer.StartAsync();
        // Other servers of this test run publish on meters of the same name; only this server's instance counts here.
        var meter = server.Services.GetRequiredService<PeepsMetrics>().Meter;
        var published = new ConcurrentDictionary<string, Instrument>();
        long changes = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (!ReferenceEquals(instrument.Meter, meter)) return;
            published[instrument.Name] = instrument;
            l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) =>
        {
            if (instrument.Name == "peeps.ingest.changes") Interlocked.Add(ref changes, value);
        });
        listener.Start();

        using var client = server.Connect();
        await client.HandshakeAsync("listened", 3);
        await client.SendJsonAsync(Upserts("proc:3", 0, 25));
        await Eventually.Until(() => Task.FromResult(Interlocked.Read(ref changes)), n => n == 25, what: "the listener saw the changes received");

        Assert.Equal(PeepsMetrics.MeterName, meter.Name);
        Assert.Equal("Peeps.Streams", meter.Name);
        Assert.Equal(DocumentedInstruments.Order(StringComparer.Ordinal), published.Keys.Order(StringComparer.Ordinal));
        Assert.All(published.Values, i => Assert.False(string.IsNullOrEmpty(i.Description), $"{i.Name} has no description"));
        Assert.IsType<Histogram<double>>(published["peeps.store.commit.duration"]);
        Assert.Equal("s", published["peeps.store.commit.duration"].Unit);
        Assert.IsType<UpDownCounter<long>>(published["peeps.ingest.connections"]);
    }
}
