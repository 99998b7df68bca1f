using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Peeps.Testing;
using Peeps.Wire.Messages;

namespace Peeps.EndToEnd.Tests.Telemetry;

public sealed class OtlpExportTests
{
    [Fact]
    public async Task Without_an_otlp_endpoint_no_telemetry_is_set_up()
    {
        await using var server = await PeepsServer.StartAsync();

        Assert.Null(server.Services.GetService<TracerProvider>());
        Assert.Null(server.Services.GetService<MeterProvider>());
    }

    [Fact]
    public async Task With_an_otlp_endpoint_the_meter_the_runtime_http_metrics_and_the_spans_reach_the_collector()
    {
        await using var collector = await OtlpReceiver.StartAsync();
        await using var server = await PeepsServer.StartAsync(null,
            $"Peeps:Telemetry:OtlpEndpoint={collector.Endpoint}",
            "Peeps:Telemetry:OtlpProtocol=http/protobuf",
            "Peeps:Telemetry:MetricExportInterval=00:00:01");
        using var runtime = server.Connect();
        await runtime.HandshakeAsync("otlp-proc", 7);
        await Eventually.Until(() => server.GetJsonAsync("/api/connections"), c => c.GetProperty("connected_processes").GetInt32() == 1);

        await server.PostJsonAsync("/api/cuts", "{}");
        var request = Assert.IsType<CutRequest>(await runtime.ReceiveAsync(TimeSpan.FromSeconds(10)));
        await runtime.SendAsync(new CutAck(request.CutId, new StreamCursor("s1", 0)));

        await Eventually.Until(
            () => Task.FromResult(collector.Received("metrics",
                "Peeps.Streams", "peeps.ingest.connections.accepted", "peeps.build.info",
                "dotnet.gc.collections", "dotnet.thread_pool.thread.count", "http.server.request.duration")),
            received => received, TimeSpan.FromSeconds(30), "the meter's, the runtime's and ASP.NET Core's series");
        // Spans go out in batches every few seconds.
        await Eventually.Until(
            () => Task.FromResult(collector.Received("traces", "peeps.cut.ask", "peeps.cut.start", "peeps.store.commit", "otlp-proc")),
            received => received, TimeSpan.FromSeconds(30), "the cut's spans");
    }
}
